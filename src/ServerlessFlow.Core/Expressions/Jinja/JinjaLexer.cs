using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>
/// Splits a Jinja template into tokens the way Jinja 3.1's lexer does with StackStorm's and
/// Orquesta's settings: <c>trim_blocks</c> (drop the newline after a block or comment tag),
/// <c>lstrip_blocks</c> (drop the indentation before one), <c>-</c>/<c>+</c> whitespace control,
/// <c>{% raw %}</c>, comments, and no trailing newline (<c>keep_trailing_newline=False</c>).
/// </summary>
internal sealed class JinjaLexer
{
    private readonly string _source;
    private readonly int _length;
    private readonly List<JinjaToken> _tokens = [];
    private int _pos;

    private JinjaLexer(string source)
    {
        _source = source;
        _length = source.EndsWith("\r\n", StringComparison.Ordinal) ? source.Length - 2
            : source.EndsWith('\n') || source.EndsWith('\r') ? source.Length - 1
            : source.Length;
    }

    /// <summary>Tokenizes a whole template.</summary>
    public static List<JinjaToken> TokenizeTemplate(string source)
    {
        var lexer = new JinjaLexer(source);
        lexer.LexTemplate();
        return lexer._tokens;
    }

    /// <summary>Tokenizes a bare expression (the inside of <c>{{ }}</c>, as compile_expression does).</summary>
    public static List<JinjaToken> TokenizeExpression(string source, int offset = 0)
    {
        var lexer = new JinjaLexer(source) { _pos = 0 };
        lexer.LexInside(JinjaTokenKind.Eof, source.Length, offset);
        return lexer._tokens;
    }

    private static JinjaRuntimeException Error(string message, int position) =>
        new("TemplateSyntaxError", message, position, ExpressionErrorKind.Syntax);

    private void LexTemplate()
    {
        var stripNextData = false; // "-}}" / "-%}" strips all leading whitespace of the next data
        var trimNextNewline = false; // trim_blocks after a block or comment tag
        while (_pos < _length)
        {
            var start = FindTagStart(_pos);
            var dataEnd = start < 0 ? _length : start;
            var dataStart = _pos;
            var text = _source[dataStart..dataEnd];
            var lineStarting = dataStart == 0 || _source[dataStart - 1] == '\n';
            if (stripNextData)
            {
                var trimmed = text.TrimStart();
                lineStarting |= trimmed.Length < text.Length && text[..(text.Length - trimmed.Length)].Contains('\n', StringComparison.Ordinal);
                text = trimmed;
            }
            else if (trimNextNewline)
            {
                if (text.StartsWith("\r\n", StringComparison.Ordinal))
                {
                    text = text[2..];
                    lineStarting = true;
                }
                else if (text.StartsWith('\n') || text.StartsWith('\r'))
                {
                    text = text[1..];
                    lineStarting = true;
                }
            }

            stripNextData = false;
            trimNextNewline = false;
            if (start < 0)
            {
                AddData(text, dataStart);
                _pos = _length;
                break;
            }

            var opener = _source[start + 1];
            var sign = start + 2 < _length ? _source[start + 2] : '\0';
            if (sign == '-')
            {
                text = text.TrimEnd();
            }
            else if (opener != '{' && sign != '+')
            {
                text = LStripBlock(text, lineStarting);
            }

            AddData(text, dataStart);
            _pos = start + 2 + (sign is '-' or '+' ? 1 : 0);
            switch (opener)
            {
                case '#':
                    (stripNextData, trimNextNewline) = SkipComment(start);
                    break;
                case '{':
                    _tokens.Add(new JinjaToken(JinjaTokenKind.VariableBegin, "{{", start));
                    stripNextData = LexInside(JinjaTokenKind.VariableEnd, _length, 0);
                    break;
                default:
                    if (TryLexRaw(start, out var rawStrip))
                    {
                        (stripNextData, trimNextNewline) = rawStrip;
                        break;
                    }

                    _tokens.Add(new JinjaToken(JinjaTokenKind.BlockBegin, "{%", start));
                    stripNextData = LexInside(JinjaTokenKind.BlockEnd, _length, 0);
                    trimNextNewline = !stripNextData && !_lastEndHadPlus;
                    break;
            }
        }

        _tokens.Add(new JinjaToken(JinjaTokenKind.Eof, string.Empty, _source.Length));
    }

    private bool _lastEndHadPlus;

    private void AddData(string text, int position)
    {
        if (text.Length > 0)
        {
            _tokens.Add(new JinjaToken(JinjaTokenKind.Data, text, position));
        }
    }

    // lstrip_blocks: whitespace between the start of the line and a block tag goes.
    private static string LStripBlock(string text, bool lineStarting)
    {
        var lineStart = text.LastIndexOf('\n') + 1;
        if (lineStart == 0 && !lineStarting)
        {
            return text;
        }

        for (var i = lineStart; i < text.Length; i++)
        {
            if (text[i] is not (' ' or '\t' or '\f' or '\v' or '\r'))
            {
                return text;
            }
        }

        return text[..lineStart];
    }

    private int FindTagStart(int from)
    {
        for (var i = from; i < _length - 1; i++)
        {
            if (_source[i] == '{' && _source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    private (bool Strip, bool Trim) SkipComment(int start)
    {
        var end = _source.IndexOf("#}", _pos, StringComparison.Ordinal);
        if (end < 0 || end + 2 > _length)
        {
            throw Error("Missing end of comment tag", start);
        }

        var strip = end > _pos && _source[end - 1] == '-';
        var plus = end > _pos && _source[end - 1] == '+';
        _pos = end + 2;
        return (strip, !strip && !plus);
    }

    // {% raw %}…{% endraw %}: the content is data, untouched.
    private bool TryLexRaw(int start, out (bool Strip, bool Trim) after)
    {
        after = default;
        var p = SkipSpaces(_pos);
        if (string.CompareOrdinal(_source, p, "raw", 0, 3) != 0 || (p + 3 < _length && IsNameChar(_source[p + 3])))
        {
            return false;
        }

        p = SkipSpaces(p + 3);
        var openStrip = false;
        if (p < _length && _source[p] is '-' or '+')
        {
            openStrip = _source[p] == '-';
            p++;
        }

        if (string.CompareOrdinal(_source, p, "%}", 0, 2) != 0)
        {
            throw Error("Expected the end of the raw block tag", p);
        }

        var contentStart = p + 2;
        var search = contentStart;
        while (true)
        {
            var tag = _source.IndexOf("{%", search, StringComparison.Ordinal);
            if (tag < 0 || tag >= _length)
            {
                throw Error("Missing end of raw directive", start);
            }

            var q = tag + 2;
            var closeSign = q < _length && _source[q] is '-' or '+' ? _source[q] : '\0';
            if (closeSign != '\0')
            {
                q++;
            }

            q = SkipSpaces(q);
            if (string.CompareOrdinal(_source, q, "endraw", 0, 6) == 0)
            {
                q = SkipSpaces(q + 6);
                var endSign = q < _length && _source[q] is '-' or '+' ? _source[q] : '\0';
                if (endSign != '\0')
                {
                    q++;
                }

                if (string.CompareOrdinal(_source, q, "%}", 0, 2) == 0)
                {
                    var content = _source[contentStart..tag];
                    if (openStrip)
                    {
                        content = content.TrimStart();
                    }
                    else if (content.StartsWith("\r\n", StringComparison.Ordinal))
                    {
                        content = content[2..];
                    }
                    else if (content.StartsWith('\n'))
                    {
                        content = content[1..];
                    }

                    if (closeSign == '-')
                    {
                        content = content.TrimEnd();
                    }
                    else if (closeSign != '+')
                    {
                        content = LStripBlock(content, false);
                    }

                    AddData(content, contentStart);
                    _pos = q + 2;
                    after = (endSign == '-', endSign == '\0');
                    return true;
                }
            }

            search = tag + 2;
        }
    }

    private int SkipSpaces(int p)
    {
        while (p < _length && char.IsWhiteSpace(_source[p]))
        {
            p++;
        }

        return p;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // Lexes expression tokens up to the closing delimiter; returns true when it was "-}}"/"-%}".
    private bool LexInside(JinjaTokenKind endKind, int limit, int offset)
    {
        var balance = new Stack<char>();
        _lastEndHadPlus = false;
        while (true)
        {
            while (_pos < limit && char.IsWhiteSpace(_source[_pos]))
            {
                _pos++;
            }

            if (_pos >= limit)
            {
                if (endKind == JinjaTokenKind.Eof)
                {
                    if (balance.Count > 0)
                    {
                        throw Error($"unexpected end of expression, expected '{Closing(balance.Peek())}'", _pos + offset);
                    }

                    _tokens.Add(new JinjaToken(JinjaTokenKind.Eof, string.Empty, _pos + offset));
                    return false;
                }

                throw Error("unexpected end of template", _pos + offset);
            }

            var c = _source[_pos];
            if (balance.Count == 0 && endKind != JinjaTokenKind.Eof)
            {
                var closer = endKind == JinjaTokenKind.VariableEnd ? "}}" : "%}";
                if (c == '-' && string.CompareOrdinal(_source, _pos + 1, closer, 0, 2) == 0)
                {
                    _tokens.Add(new JinjaToken(endKind, closer, _pos + offset));
                    _pos += 3;
                    return true;
                }

                if (c == '+' && endKind == JinjaTokenKind.BlockEnd && string.CompareOrdinal(_source, _pos + 1, closer, 0, 2) == 0)
                {
                    _tokens.Add(new JinjaToken(endKind, closer, _pos + offset));
                    _pos += 3;
                    _lastEndHadPlus = true;
                    return false;
                }

                if (string.CompareOrdinal(_source, _pos, closer, 0, 2) == 0)
                {
                    _tokens.Add(new JinjaToken(endKind, closer, _pos + offset));
                    _pos += 2;
                    return false;
                }
            }

            var start = _pos;
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (_pos < limit && IsNameChar(_source[_pos]))
                {
                    _pos++;
                }

                _tokens.Add(new JinjaToken(JinjaTokenKind.Name, _source[start.._pos], start + offset));
                continue;
            }

            if (char.IsAsciiDigit(c))
            {
                LexNumber(limit, offset);
                continue;
            }

            if (c is '\'' or '"')
            {
                LexString(limit, offset);
                continue;
            }

            var op = ReadOperator(limit);
            if (op is null)
            {
                throw Error($"unexpected char '{c}' at {start + offset}", start + offset);
            }

            switch (op)
            {
                case "(" or "[" or "{":
                    balance.Push(op[0]);
                    break;
                case ")" or "]" or "}":
                    if (balance.Count == 0)
                    {
                        throw Error($"unexpected '{op}'", start + offset);
                    }

                    var open = balance.Pop();
                    if (Closing(open) != op[0])
                    {
                        throw Error($"unexpected '{op}', expected '{Closing(open)}'", start + offset);
                    }

                    break;
            }

            _tokens.Add(new JinjaToken(JinjaTokenKind.Operator, op, start + offset));
        }
    }

    private static char Closing(char open) => open switch
    {
        '(' => ')',
        '[' => ']',
        _ => '}',
    };

    private static readonly string[] Operators =
    [
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ];

    private string? ReadOperator(int limit)
    {
        foreach (var op in Operators)
        {
            if (_pos + op.Length <= limit && string.CompareOrdinal(_source, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return op;
            }
        }

        return null;
    }

    private void LexNumber(int limit, int offset)
    {
        var start = _pos;
        if (_source[_pos] == '0' && _pos + 1 < limit && _source[_pos + 1] is 'x' or 'X' or 'o' or 'O' or 'b' or 'B')
        {
            var radix = char.ToLowerInvariant(_source[_pos + 1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
            _pos += 2;
            var digitsStart = _pos;
            while (_pos < limit && (char.IsAsciiHexDigit(_source[_pos]) || _source[_pos] == '_'))
            {
                _pos++;
            }

            var digits = _source[digitsStart.._pos].Replace("_", string.Empty, StringComparison.Ordinal);
            try
            {
                var value = Convert.ToInt64(digits, radix);
                _tokens.Add(new JinjaToken(JinjaTokenKind.Integer, _source[start.._pos], start + offset, value));
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw Error($"invalid number '{_source[start.._pos]}'", start + offset);
            }

            return;
        }

        ReadDigits(limit);
        var isFloat = false;
        if (_pos + 1 < limit && _source[_pos] == '.' && char.IsAsciiDigit(_source[_pos + 1]))
        {
            isFloat = true;
            _pos++;
            ReadDigits(limit);
        }

        if (_pos < limit && _source[_pos] is 'e' or 'E')
        {
            var save = _pos;
            _pos++;
            if (_pos < limit && _source[_pos] is '+' or '-')
            {
                _pos++;
            }

            if (_pos < limit && char.IsAsciiDigit(_source[_pos]))
            {
                isFloat = true;
                ReadDigits(limit);
            }
            else
            {
                _pos = save;
            }
        }

        var text = _source[start.._pos];
        var clean = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (isFloat)
        {
            _tokens.Add(new JinjaToken(JinjaTokenKind.Float, text, start + offset, double.Parse(clean, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
        else if (long.TryParse(clean, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            _tokens.Add(new JinjaToken(JinjaTokenKind.Integer, text, start + offset, l));
        }
        else
        {
            throw Error($"integer literal '{text}' is too large", start + offset);
        }
    }

    private void ReadDigits(int limit)
    {
        while (_pos < limit && (char.IsAsciiDigit(_source[_pos]) || (_source[_pos] == '_' && _pos + 1 < limit && char.IsAsciiDigit(_source[_pos + 1]))))
        {
            _pos++;
        }
    }

    private void LexString(int limit, int offset)
    {
        var start = _pos;
        var quote = _source[_pos++];
        var builder = new StringBuilder();
        while (true)
        {
            if (_pos >= limit)
            {
                throw Error("unexpected end of string", start + offset);
            }

            var c = _source[_pos++];
            if (c == quote)
            {
                break;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= limit)
            {
                throw Error("unexpected end of string", start + offset);
            }

            var e = _source[_pos++];
            switch (e)
            {
                case 'n': builder.Append('\n'); break;
                case 't': builder.Append('\t'); break;
                case 'r': builder.Append('\r'); break;
                case '0': builder.Append('\0'); break;
                case 'a': builder.Append('\a'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'v': builder.Append('\v'); break;
                case '\\': builder.Append('\\'); break;
                case '\'': builder.Append('\''); break;
                case '"': builder.Append('"'); break;
                case '\n': break;
                case 'x':
                    builder.Append(ReadHexEscape(2, start + offset));
                    break;
                case 'u':
                    builder.Append(ReadHexEscape(4, start + offset));
                    break;
                case 'U':
                    builder.Append(ReadHexEscape(8, start + offset));
                    break;
                default:
                    builder.Append('\\').Append(e);
                    break;
            }
        }

        _tokens.Add(new JinjaToken(JinjaTokenKind.String, builder.ToString(), start + offset));
    }

    private string ReadHexEscape(int digits, int position)
    {
        if (_pos + digits > _source.Length)
        {
            throw Error("truncated \\x escape in string", position);
        }

        var hex = _source.Substring(_pos, digits);
        if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code) || code > 0x10FFFF)
        {
            throw Error($"invalid escape '\\{hex}' in string", position);
        }

        _pos += digits;
        return char.ConvertFromUtf32(code);
    }
}
