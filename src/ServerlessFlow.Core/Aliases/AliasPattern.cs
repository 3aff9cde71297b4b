using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Aliases;

/// <summary>
/// A Python <c>re</c> pattern read the way st2's alias parser reads it: translated to .NET syntax, and with
/// the answer to st2's <c>search_regex_tokens</c> — whether <c>sre_parse</c>'s tree holds a beginning anchor
/// (<c>^</c>, <c>\A</c>) or an end anchor (<c>$</c>, <c>\Z</c>) where that function looks. It looks at the top
/// level, inside groups that stay groups (capturing or with flags; <c>sre_parse</c> splices plain <c>(?:…)</c>
/// into its parent), and only at the second alternative of a branch, after <c>sre_parse</c> has moved the
/// alternatives' common prefix out of the branch. Repeats, lookarounds and atomic groups are not looked into.
/// </summary>
internal sealed class AliasPattern
{
    private const string FlagLetters = "aiLmsux";
    private readonly string _pattern;
    private readonly StringBuilder _out = new();
    private readonly Dictionary<string, int> _names = new(StringComparer.Ordinal);
    private int _position;
    private int _groups;

    private AliasPattern(string pattern)
    {
        _pattern = pattern;
    }

    /// <summary>The pattern in .NET syntax.</summary>
    public string DotNetPattern { get; private set; } = string.Empty;

    /// <summary>True when st2 finds <c>^</c> or <c>\A</c> and so adds no beginning anchor of its own.</summary>
    public bool HasBeginningAnchor { get; private set; }

    /// <summary>True when st2 finds <c>$</c> or <c>\Z</c> and so adds no end anchor of its own.</summary>
    public bool HasEndAnchor { get; private set; }

    /// <summary>Reads <paramref name="pattern"/>; throws <see cref="AliasFormatException"/> where Python's <c>re</c> would
    /// refuse it (or where .NET cannot express it).</summary>
    public static AliasPattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var parsed = new AliasPattern(pattern);
        var items = parsed.ParseAlternation(nested: 0);
        if (parsed._position < parsed._pattern.Length)
        {
            throw parsed.Error("unbalanced parenthesis");
        }

        parsed.DotNetPattern = parsed._out.ToString();
        parsed.HasBeginningAnchor = Search(items, AnchorKind.Beginning, AnchorKind.BeginningOfString);
        parsed.HasEndAnchor = Search(items, AnchorKind.End, AnchorKind.EndOfString);
        return parsed;
    }

    // st2's search_regex_tokens.
    private static bool Search(List<Node> items, AnchorKind first, AnchorKind second)
    {
        foreach (var item in items)
        {
            switch (item)
            {
                case GroupNode group when Search(group.Items, first, second):
                case BranchNode branch when Search(branch.Alternatives[1], first, second):
                    return true;
                case AnchorNode anchor when anchor.Kind == first || anchor.Kind == second:
                    return true;
            }
        }

        return false;
    }

    private List<Node> ParseAlternation(int nested)
    {
        var alternatives = new List<List<Node>> { ParseSequence(nested) };
        while (Peek() == '|')
        {
            _position++;
            _out.Append('|');
            alternatives.Add(ParseSequence(nested));
        }

        if (alternatives.Count == 1)
        {
            return alternatives[0];
        }

        // sre_parse moves a prefix every alternative shares out of the branch.
        var result = new List<Node>();
        while (alternatives.All(a => a.Count > 0) && alternatives.Skip(1).All(a => a[0].Key == alternatives[0][0].Key))
        {
            result.Add(alternatives[0][0]);
            foreach (var alternative in alternatives)
            {
                alternative.RemoveAt(0);
            }
        }

        result.Add(new BranchNode(alternatives));
        return result;
    }

    private List<Node> ParseSequence(int nested)
    {
        var items = new List<Node>();
        while (_position < _pattern.Length)
        {
            var c = _pattern[_position];
            if (c is '|' or ')')
            {
                break;
            }

            _position++;
            switch (c)
            {
                case '\\':
                    items.Add(ParseEscape());
                    break;
                case '[':
                    items.Add(ParseClass());
                    break;
                case '(':
                    items.Add(ParseGroup(nested));
                    break;
                case '^':
                    _out.Append('^');
                    items.Add(new AnchorNode(AnchorKind.Beginning));
                    break;
                case '$':
                    _out.Append('$');
                    items.Add(new AnchorNode(AnchorKind.End));
                    break;
                case '.':
                    _out.Append('.');
                    items.Add(new OpaqueNode("any"));
                    break;
                case '*' or '+' or '?':
                    ApplyRepeat(items, c.ToString());
                    break;
                case '{' when TryReadBraceQuantifier(out var quantifier):
                    ApplyRepeat(items, quantifier);
                    break;
                case '{' or '}':
                    // A brace that starts no quantifier is a literal for Python; escaped, .NET reads it so too.
                    _out.Append('\\').Append(c);
                    items.Add(new OpaqueNode("literal:" + c));
                    break;
                default:
                    AppendLiteral(c);
                    items.Add(new OpaqueNode("literal:" + c));
                    break;
            }
        }

        // sre_parse splices a plain non-capturing group's items into its parent.
        var spliced = new List<Node>(items.Count);
        foreach (var item in items)
        {
            if (item is GroupNode { Splice: true } group)
            {
                spliced.AddRange(group.Items);
            }
            else
            {
                spliced.Add(item);
            }
        }

        return spliced;
    }

    private void ApplyRepeat(List<Node> items, string quantifier)
    {
        if (items.Count == 0 || items[^1] is AnchorNode)
        {
            throw Error("nothing to repeat");
        }

        if (items[^1] is RepeatNode)
        {
            throw Error("multiple repeat");
        }

        if (Peek() == '?')
        {
            _position++;
            quantifier += "?";
        }
        else if (Peek() == '+')
        {
            // Python 3.11's possessive quantifier: .NET has none, but an atomic group means the same.
            throw Error("possessive quantifiers are not supported");
        }

        _out.Append(quantifier);
        items[^1] = new RepeatNode(items[^1].Key + quantifier);
    }

    // Python reads {m}, {m,}, {,n}, {m,n} as quantifiers and any other brace as a literal.
    private bool TryReadBraceQuantifier(out string quantifier)
    {
        quantifier = string.Empty;
        var end = _pattern.IndexOf('}', _position);
        if (end < 0)
        {
            return false;
        }

        var body = _pattern[_position..end];
        var comma = body.IndexOf(',', StringComparison.Ordinal);
        var low = comma < 0 ? body : body[..comma];
        var high = comma < 0 ? null : body[(comma + 1)..];
        if (!low.All(char.IsAsciiDigit) || (high is not null && !high.All(char.IsAsciiDigit)) || (low.Length == 0 && comma < 0))
        {
            return false;
        }

        _position = end + 1;
        quantifier = "{" + (low.Length == 0 ? "0" : low) + (comma < 0 ? string.Empty : "," + high) + "}";
        return true;
    }

    private Node ParseEscape()
    {
        if (_position >= _pattern.Length)
        {
            throw Error("bad escape (end of pattern)");
        }

        var c = _pattern[_position++];
        switch (c)
        {
            case 'A':
                _out.Append("\\A");
                return new AnchorNode(AnchorKind.BeginningOfString);
            case 'Z':
                _out.Append("\\z");
                return new AnchorNode(AnchorKind.EndOfString);
            case 'b' or 'B':
                _out.Append('\\').Append(c);
                return new AnchorNode(AnchorKind.Boundary);
            case 'U':
                var code = ReadHex(8);
                var text = char.ConvertFromUtf32(code);
                foreach (var unit in text)
                {
                    _out.Append("\\u").Append(((int)unit).ToString("x4", CultureInfo.InvariantCulture));
                }

                return new OpaqueNode("literal:" + text);
            case 'N':
                throw Error("named Unicode escapes (\\N{…}) are not supported");
            case 'x':
                var x = ReadHex(2);
                _out.Append("\\x").Append(x.ToString("x2", CultureInfo.InvariantCulture));
                return new OpaqueNode("literal:" + (char)x);
            case 'u':
                var u = ReadHex(4);
                _out.Append("\\u").Append(u.ToString("x4", CultureInfo.InvariantCulture));
                return new OpaqueNode("literal:" + (char)u);
            case 'd' or 'D' or 's' or 'S' or 'w' or 'W' or 'a' or 'f' or 'n' or 'r' or 't' or 'v':
                _out.Append('\\').Append(c);
                return new OpaqueNode("escape:" + c);
            case >= '0' and <= '9':
                var digits = c.ToString();
                while (digits.Length < 3 && _position < _pattern.Length && char.IsAsciiDigit(_pattern[_position]))
                {
                    digits += _pattern[_position++];
                }

                _out.Append('\\').Append(digits);
                return new OpaqueNode("escape:" + digits);
            default:
                if (char.IsAsciiLetter(c))
                {
                    throw Error("bad escape \\" + c);
                }

                AppendEscaped(c);
                return new OpaqueNode("literal:" + c);
        }
    }

    private int ReadHex(int count)
    {
        if (_position + count > _pattern.Length
            || !int.TryParse(_pattern.AsSpan(_position, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            || value > 0x10FFFF)
        {
            throw Error("bad escape: expected " + count + " hex digits");
        }

        _position += count;
        return value;
    }

    private Node ParseClass()
    {
        var start = _position - 1;
        _out.Append('[');
        if (Peek() == '^')
        {
            _position++;
            _out.Append('^');
        }

        var first = true;
        while (true)
        {
            if (_position >= _pattern.Length)
            {
                throw Error("unterminated character set");
            }

            var c = _pattern[_position++];
            if (c == ']' && !first)
            {
                break;
            }

            first = false;
            switch (c)
            {
                case ']':
                    _out.Append("\\]");
                    break;
                case '[':
                    // .NET reads "-[" inside a class as subtraction; Python reads a literal '['.
                    _out.Append("\\[");
                    break;
                case '\\' when _position < _pattern.Length:
                    var e = _pattern[_position++];
                    if (char.IsAsciiLetterOrDigit(e))
                    {
                        _out.Append('\\').Append("dDsSwWafnrtvbxu01234567".Contains(e, StringComparison.Ordinal) ? e : throw Error("bad escape \\" + e));
                    }
                    else
                    {
                        AppendEscaped(e);
                    }

                    break;
                default:
                    _out.Append(c);
                    break;
            }
        }

        _out.Append(']');
        return new OpaqueNode("class:" + _pattern[start.._position]);
    }

    private Node ParseGroup(int nested)
    {
        var start = _position - 1;
        if (Peek() != '?')
        {
            var number = ++_groups;
            _out.Append('(');
            var plain = ParseAlternation(nested + 1);
            Close(start);
            return new GroupNode("group:" + number, plain, Splice: false);
        }

        _position++;
        var kind = Peek();
        switch (kind)
        {
            case 'P' when PeekAt(1) == '<':
                _position += 2;
                var name = ReadUntil('>', "missing >, unterminated name");
                if (!IsPythonIdentifier(name))
                {
                    throw Error($"bad character in group name '{name}'");
                }

                var number = ++_groups;
                if (_names.TryGetValue(name, out var was))
                {
                    throw Error($"redefinition of group name '{name}' as group {number}; was group {was}");
                }

                _names[name] = number;
                _out.Append("(?<").Append(name).Append('>');
                var named = ParseAlternation(nested + 1);
                Close(start);
                return new GroupNode("group:" + number, named, Splice: false);
            case 'P' when PeekAt(1) == '=':
                _position += 2;
                var reference = ReadUntil(')', "missing ), unterminated name");
                if (!_names.ContainsKey(reference))
                {
                    throw Error($"unknown group name '{reference}'");
                }

                _out.Append("\\k<").Append(reference).Append('>');
                return new OpaqueNode("groupref:" + reference);
            case ':':
                _position++;
                _out.Append("(?:");
                var inner = ParseAlternation(nested + 1);
                Close(start);
                return new GroupNode("noncapturing:" + string.Join(",", inner.Select(i => i.Key)), inner, Splice: true);
            case '=' or '!':
                _position++;
                _out.Append("(?").Append(kind);
                ParseAlternation(nested + 1);
                Close(start);
                return new OpaqueNode("assert:" + _pattern[start.._position]);
            case '<' when PeekAt(1) is '=' or '!':
                _out.Append("(?<").Append(PeekAt(1));
                _position += 2;
                ParseAlternation(nested + 1);
                Close(start);
                return new OpaqueNode("assert:" + _pattern[start.._position]);
            case '>':
                _position++;
                _out.Append("(?>");
                ParseAlternation(nested + 1);
                Close(start);
                return new OpaqueNode("atomic:" + _pattern[start.._position]);
            case '#':
                ReadUntil(')', "missing ), unterminated comment");
                return new OpaqueNode("comment");
            case '(':
                _position++;
                var condition = ReadUntil(')', "missing ), unterminated name");
                if (!_names.ContainsKey(condition) && !(int.TryParse(condition, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id <= _groups && id > 0))
                {
                    throw Error($"unknown group name '{condition}'");
                }

                _out.Append("(?(").Append(condition).Append(')');
                ParseAlternation(nested + 1);
                Close(start);
                return new OpaqueNode("conditional:" + _pattern[start.._position]);
            default:
                return ParseFlagsGroup(start, nested);
        }
    }

    private Node ParseFlagsGroup(int start, int nested)
    {
        var add = new StringBuilder();
        var remove = new StringBuilder();
        var target = add;
        while (_position < _pattern.Length && (FlagLetters.Contains(_pattern[_position], StringComparison.Ordinal) || _pattern[_position] == '-'))
        {
            if (_pattern[_position] == '-')
            {
                target = remove;
            }
            else
            {
                target.Append(_pattern[_position]);
            }

            _position++;
        }

        if (add.Length == 0 && remove.Length == 0)
        {
            throw Error("unknown extension ?" + (Peek() is { } next ? next.ToString() : string.Empty));
        }

        foreach (var flag in add.ToString() + remove)
        {
            if (flag is 'a' or 'L')
            {
                throw Error($"the inline flag '{flag}' is not supported");
            }
        }

        // u (Unicode) is .NET's default for strings; the rest have the same letters.
        var dotNetAdd = add.ToString().Replace("u", string.Empty, StringComparison.Ordinal);
        var dotNetRemove = remove.ToString().Replace("u", string.Empty, StringComparison.Ordinal);
        var flags = dotNetAdd + (dotNetRemove.Length > 0 ? "-" + dotNetRemove : string.Empty);
        if (Peek() == ')')
        {
            // Global flags: (?i) — Python requires them at the start of the pattern.
            if (start != 0)
            {
                throw Error("global flags not at the start of the expression");
            }

            _position++;
            if (flags.Length > 0)
            {
                _out.Append("(?").Append(flags).Append(')');
            }

            return new OpaqueNode("flags:" + flags);
        }

        if (Peek() != ':')
        {
            throw Error("missing -, : or )");
        }

        _position++;
        _out.Append(flags.Length > 0 ? "(?" + flags + ":" : "(?:");
        var inner = ParseAlternation(nested + 1);
        Close(start);
        return new GroupNode("flags:" + flags + ":" + _pattern[start.._position], inner, Splice: false);
    }

    private void Close(int start)
    {
        if (Peek() != ')')
        {
            _position = start;
            throw Error("missing ), unterminated subpattern");
        }

        _position++;
        _out.Append(')');
    }

    private string ReadUntil(char end, string error)
    {
        var close = _pattern.IndexOf(end, _position);
        if (close < 0)
        {
            throw Error(error);
        }

        var text = _pattern[_position..close];
        _position = close + 1;
        return text;
    }

    // Only characters Python reads as plain literals arrive here; none of them is special to .NET outside a class.
    private void AppendLiteral(char c) => _out.Append(c);

    // An escaped character: .NET refuses "\\" before a word character it does not know, Python reads it as the character.
    private void AppendEscaped(char c)
    {
        if (char.IsLetterOrDigit(c) || c == '_')
        {
            _out.Append(c);
        }
        else
        {
            _out.Append('\\').Append(c);
        }
    }

    private char? Peek() => _position < _pattern.Length ? _pattern[_position] : null;

    private char? PeekAt(int offset) => _position + offset < _pattern.Length ? _pattern[_position + offset] : null;

    private AliasFormatException Error(string message) => new($"{message} at position {_position}");

    // Python's str.isidentifier(), close enough: a letter or underscore, then letters, digits, marks or underscores.
    private static bool IsPythonIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            var category = char.GetUnicodeCategory(c);
            if (!(char.IsLetterOrDigit(c) || c == '_' || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation))
            {
                return false;
            }
        }

        return true;
    }

    private enum AnchorKind
    {
        Beginning,
        BeginningOfString,
        End,
        EndOfString,
        Boundary,
    }

    private abstract record Node(string Key);

    private sealed record AnchorNode(AnchorKind Kind) : Node("at:" + Kind);

    private sealed record OpaqueNode(string Text) : Node(Text);

    private sealed record RepeatNode(string Text) : Node("repeat:" + Text);

    private sealed record GroupNode(string Text, List<Node> Items, bool Splice) : Node(Text);

    private sealed record BranchNode(List<List<Node>> Alternatives)
        : Node("branch:" + string.Join("|", Alternatives.Select(a => string.Join(",", a.Select(i => i.Key)))));
}
