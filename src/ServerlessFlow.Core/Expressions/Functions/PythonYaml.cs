using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>PyYAML's <c>yaml.safe_dump(value, default_flow_style=False, allow_unicode=True)</c> over
/// plain values, following PyYAML's emitter (scalar analysis, style choice, line folding at 80
/// columns, indentless sequences in mappings, sorted keys, <c>...</c> after a root plain scalar).</summary>
public static partial class PythonYaml
{
    /// <summary>Dumps like st2's to_yaml_string / yaml_dump.</summary>
    public static string SafeDump(object? value, int indent = 2)
    {
        var emitter = new Emitter(indent);
        emitter.Document(PlainValues.Normalize(value));
        return emitter.ToString();
    }

    [GeneratedRegex(@"^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$", RegexOptions.CultureInvariant)]
    private static partial Regex BoolRegex();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"^(?:~|null|Null|NULL|)$", RegexOptions.CultureInvariant)]
    private static partial Regex NullRegex();

    [GeneratedRegex(@"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampRegex();

    // PyYAML's implicit resolvers: a plain string that would read back as another type must be quoted.
    private static bool ResolvesToString(string s) =>
        !(BoolRegex().IsMatch(s) || FloatRegex().IsMatch(s) || IntRegex().IsMatch(s) || NullRegex().IsMatch(s)
          || TimestampRegex().IsMatch(s) || s == "<<" || s == "=");

    private static string RepresentFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }

        var value = PythonFloat.Repr(d).ToLowerInvariant();
        if (!value.Contains('.', StringComparison.Ordinal) && value.Contains('e', StringComparison.Ordinal))
        {
            var e = value.IndexOf('e', StringComparison.Ordinal);
            value = value[..e] + ".0" + value[e..];
        }

        return value;
    }

    private sealed record Analysis(bool Empty, bool Multiline, bool AllowFlowPlain, bool AllowBlockPlain, bool AllowSingleQuoted);

    private static bool IsBreak(char c) => c is '\n' or '\x85' or '\u2028' or '\u2029';

    private static bool IsSpaceOrBreak(char c) => c is '\0' or ' ' or '\t' or '\r' or '\n' or '\x85' or '\u2028' or '\u2029';

    private static Analysis Analyze(string scalar)
    {
        if (scalar.Length == 0)
        {
            return new Analysis(true, false, false, true, true);
        }

        bool blockIndicators = false, flowIndicators = false, lineBreaks = false, special = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
        if (scalar.StartsWith("---", StringComparison.Ordinal) || scalar.StartsWith("...", StringComparison.Ordinal))
        {
            blockIndicators = flowIndicators = true;
        }

        var precededByWhitespace = true;
        var followedByWhitespace = scalar.Length == 1 || IsSpaceOrBreak(scalar[1]);
        bool previousSpace = false, previousBreak = false;
        for (var index = 0; index < scalar.Length; index++)
        {
            var ch = scalar[index];
            if (index == 0)
            {
                if ("#,[]{}&*!|>'\"%@`".Contains(ch, StringComparison.Ordinal))
                {
                    flowIndicators = blockIndicators = true;
                }

                if (ch is '?' or ':')
                {
                    flowIndicators = true;
                    if (followedByWhitespace)
                    {
                        blockIndicators = true;
                    }
                }

                if (ch == '-' && followedByWhitespace)
                {
                    flowIndicators = blockIndicators = true;
                }
            }
            else
            {
                if (",?[]{}".Contains(ch, StringComparison.Ordinal))
                {
                    flowIndicators = true;
                }

                if (ch == ':')
                {
                    flowIndicators = true;
                    if (followedByWhitespace)
                    {
                        blockIndicators = true;
                    }
                }

                if (ch == '#' && precededByWhitespace)
                {
                    flowIndicators = blockIndicators = true;
                }
            }

            if (IsBreak(ch))
            {
                lineBreaks = true;
            }

            if (!(ch == '\n' || (ch >= '\x20' && ch <= '\x7E')))
            {
                var printable = ch == '\x85' || (ch >= '\xA0' && ch <= '\uD7FF') || (ch >= '\uE000' && ch <= '\uFFFD') || char.IsSurrogate(ch);
                if (!printable || ch == '\uFEFF')
                {
                    special = true;
                }
            }

            if (ch == ' ')
            {
                if (index == 0)
                {
                    leadingSpace = true;
                }

                if (index == scalar.Length - 1)
                {
                    trailingSpace = true;
                }

                if (previousBreak)
                {
                    breakSpace = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(ch))
            {
                if (index == 0)
                {
                    leadingBreak = true;
                }

                if (index == scalar.Length - 1)
                {
                    trailingBreak = true;
                }

                if (previousSpace)
                {
                    spaceBreak = true;
                }

                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = previousBreak = false;
            }

            precededByWhitespace = IsSpaceOrBreak(ch);
            followedByWhitespace = index + 2 >= scalar.Length || IsSpaceOrBreak(scalar[index + 2]);
        }

        bool flowPlain = true, blockPlain = true, single = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            flowPlain = blockPlain = false;
        }

        if (breakSpace)
        {
            flowPlain = blockPlain = single = false;
        }

        if (spaceBreak || special)
        {
            flowPlain = blockPlain = single = false;
        }

        if (lineBreaks)
        {
            flowPlain = blockPlain = false;
        }

        if (flowIndicators)
        {
            flowPlain = false;
        }

        if (blockIndicators)
        {
            blockPlain = false;
        }

        return new Analysis(false, lineBreaks, flowPlain, blockPlain, single);
    }

    private sealed class Emitter(int bestIndent)
    {
        private const int BestWidth = 80;
        private readonly StringBuilder _out = new();
        private readonly Stack<int?> _indents = new();
        private int? _indent;
        private int _column;
        private bool _whitespace = true;
        private bool _indention = true;
        private bool _openEnded;
        private int _depth;

        public override string ToString() => _out.ToString();

        // Python's text[start:end]: empty (not an error) when start is past end.
        private static string Slice(string text, int start, int end) => start < end ? text[start..end] : string.Empty;

        public void Document(object? value)
        {
            Node(value, root: true, mappingContext: false, simpleKey: false);
            WriteIndent();
            if (_openEnded)
            {
                WriteIndicator("...", true);
                WriteIndent();
            }
        }

        private void IncreaseIndent(bool flow, bool indentless)
        {
            _indents.Push(_indent);
            if (_indent is null)
            {
                _indent = flow ? bestIndent : 0;
            }
            else if (!indentless)
            {
                _indent += bestIndent;
            }
        }

        private void Node(object? value, bool root, bool mappingContext, bool simpleKey)
        {
            if (++_depth > 512)
            {
                throw new ExpressionException(ExpressionErrorKind.Limit, "RecursionError: the value nests too deeply to dump as YAML", string.Empty, 0);
            }

            switch (value)
            {
                case List<object?> { Count: 0 }:
                    WriteIndicator("[", true, whitespace: true);
                    WriteIndicator("]", false);
                    break;
                case Dictionary<string, object?> { Count: 0 }:
                    WriteIndicator("{", true, whitespace: true);
                    WriteIndicator("}", false);
                    break;
                case List<object?> list:
                    IncreaseIndent(flow: false, indentless: mappingContext && !_indention);
                    foreach (var item in list)
                    {
                        WriteIndent();
                        WriteIndicator("-", true, indention: true);
                        Node(item, false, false, false);
                    }

                    _indent = _indents.Pop();
                    break;
                case Dictionary<string, object?> dict:
                    IncreaseIndent(flow: false, indentless: false);
                    foreach (var (key, item) in dict.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        WriteIndent();
                        var analysis = Analyze(key);
                        if (key.Length < 128 && !analysis.Empty && !analysis.Multiline)
                        {
                            Node(key, false, false, simpleKey: true);
                            WriteIndicator(":", false);
                            Node(item, false, true, false);
                        }
                        else
                        {
                            WriteIndicator("?", true, indention: true);
                            Node(key, false, true, false);
                            WriteIndent();
                            WriteIndicator(":", true, indention: true);
                            Node(item, false, true, false);
                        }
                    }

                    _indent = _indents.Pop();
                    break;
                default:
                    IncreaseIndent(flow: true, indentless: false);
                    Scalar(value, root, simpleKey);
                    _indent = _indents.Pop();
                    break;
            }

            _depth--;
        }

        private void Scalar(object? value, bool root, bool simpleKey)
        {
            string text;
            var implicitString = true;
            switch (value)
            {
                case null:
                    text = "null";
                    break;
                case bool b:
                    text = b ? "true" : "false";
                    break;
                case long l:
                    text = l.ToString(CultureInfo.InvariantCulture);
                    break;
                case double d:
                    text = RepresentFloat(d);
                    break;
                default:
                    text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    implicitString = ResolvesToString(text);
                    break;
            }

            var analysis = Analyze(text);
            char style;
            if (implicitString && !(simpleKey && (analysis.Empty || analysis.Multiline)) && analysis.AllowBlockPlain)
            {
                style = 'p';
            }
            else if (analysis.AllowSingleQuoted && !(simpleKey && analysis.Multiline))
            {
                style = '\'';
            }
            else
            {
                style = '"';
            }

            var split = !simpleKey;
            switch (style)
            {
                case 'p':
                    WritePlain(text, split, root);
                    break;
                case '\'':
                    WriteSingleQuoted(text, split);
                    break;
                default:
                    WriteDoubleQuoted(text, split);
                    break;
            }
        }

        private void Write(string data)
        {
            _column += data.Length;
            _out.Append(data);
        }

        private void WriteIndicator(string indicator, bool needWhitespace, bool whitespace = false, bool indention = false)
        {
            var data = _whitespace || !needWhitespace ? indicator : " " + indicator;
            _whitespace = whitespace;
            _indention = _indention && indention;
            _openEnded = false;
            Write(data);
        }

        private void WriteIndent()
        {
            var indent = _indent ?? 0;
            if (!_indention || _column > indent || (_column == indent && !_whitespace))
            {
                WriteLineBreak();
            }

            if (_column < indent)
            {
                _whitespace = true;
                Write(new string(' ', indent - _column));
            }
        }

        private void WriteLineBreak(string? data = null)
        {
            _whitespace = true;
            _indention = true;
            _out.Append(data ?? "\n");
            _column = 0;
        }

        private void WritePlain(string text, bool split, bool root)
        {
            if (root)
            {
                _openEnded = true;
            }

            if (text.Length == 0)
            {
                return;
            }

            if (!_whitespace)
            {
                Write(" ");
            }

            _whitespace = false;
            _indention = false;
            WritePlainOrSingleQuotedBody(text, split, singleQuoted: false);
        }

        private void WriteSingleQuoted(string text, bool split)
        {
            WriteIndicator("'", true);
            WritePlainOrSingleQuotedBody(text, split, singleQuoted: true);
            WriteIndicator("'", false);
        }

        // The text loop of PyYAML's write_plain and write_single_quoted, which differ only where singleQuoted is tested:
        // a quoted scalar never breaks at its first or last space, doubles its quotes, and (unlike a plain one) does not
        // reset the whitespace/indention flags after an indent, which a later WriteIndent in the same scalar reads.
        private void WritePlainOrSingleQuotedBody(string text, bool split, bool singleQuoted)
        {
            bool spaces = false, breaks = false;
            int start = 0, end = 0;
            while (end <= text.Length)
            {
                char? ch = end < text.Length ? text[end] : null;
                if (spaces)
                {
                    if (ch != ' ')
                    {
                        if (start + 1 == end && _column > BestWidth && split && (!singleQuoted || (start != 0 && end != text.Length)))
                        {
                            WriteIndent();
                            ClearWhitespaceUnless(singleQuoted);
                        }
                        else
                        {
                            Write(Slice(text, start, end));
                        }

                        start = end;
                    }
                }
                else if (breaks)
                {
                    if (ch is null || !IsBreak(ch.Value))
                    {
                        if (text[start] == '\n')
                        {
                            WriteLineBreak();
                        }

                        foreach (var br in Slice(text, start, end))
                        {
                            WriteLineBreak(br == '\n' ? null : br.ToString());
                        }

                        WriteIndent();
                        ClearWhitespaceUnless(singleQuoted);
                        start = end;
                    }
                }
                else if (ch is null || ch == ' ' || IsBreak(ch.Value) || (singleQuoted && ch == '\''))
                {
                    // Slice of an empty run is empty and Write("") changes nothing, so plain text may take this guard too.
                    if (start < end)
                    {
                        Write(Slice(text, start, end));
                        start = end;
                    }
                }

                if (singleQuoted && ch == '\'')
                {
                    Write("''");
                    start = end + 1;
                }

                if (ch is not null)
                {
                    spaces = ch == ' ';
                    breaks = IsBreak(ch.Value);
                }

                end++;
            }
        }

        private void ClearWhitespaceUnless(bool singleQuoted)
        {
            if (!singleQuoted)
            {
                _whitespace = false;
                _indention = false;
            }
        }

        private static readonly Dictionary<char, string> EscapeReplacements = new()
        {
            ['\0'] = "0", ['\x07'] = "a", ['\x08'] = "b", ['\x09'] = "t", ['\x0A'] = "n", ['\x0B'] = "v", ['\x0C'] = "f",
            ['\x0D'] = "r", ['\x1B'] = "e", ['"'] = "\"", ['\\'] = "\\", ['\x85'] = "N", ['\xA0'] = "_",
            ['\u2028'] = "L", ['\u2029'] = "P",
        };

        private void WriteDoubleQuoted(string text, bool split)
        {
            WriteIndicator("\"", true);
            int start = 0, end = 0;
            while (end <= text.Length)
            {
                char? ch = end < text.Length ? text[end] : null;
                if (ch is null || ch is '"' or '\\' or '\x85' or '\u2028' or '\u2029' or '\uFEFF'
                    || !((ch >= '\x20' && ch <= '\x7E') || (ch >= '\xA0' && ch <= '\uD7FF') || (ch >= '\uE000' && ch <= '\uFFFD') || char.IsSurrogate(ch.Value)))
                {
                    if (start < end)
                    {
                        Write(Slice(text, start, end));
                        start = end;
                    }

                    if (ch is not null)
                    {
                        var c = ch.Value;
                        Write(EscapeReplacements.TryGetValue(c, out var r) ? "\\" + r
                            : c <= '\xFF' ? "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture)
                            : "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture));
                        start = end + 1;
                    }
                }

                if (end > 0 && end < text.Length - 1 && (ch == ' ' || start >= end) && _column + (end - start) > BestWidth && split)
                {
                    var data = Slice(text, start, end) + "\\";
                    if (start < end)
                    {
                        start = end;
                    }

                    Write(data);
                    WriteIndent();
                    _whitespace = false;
                    _indention = false;
                    if (text[start] == ' ')
                    {
                        Write("\\");
                    }
                }

                end++;
            }

            WriteIndicator("\"", false);
        }
    }
}
