using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>Splits a yaql expression into tokens with the rules of yaql's ply lexer: <c>$name</c>,
/// numbers, <c>name(</c> function tokens, keywords, three kinds of quoted strings and the operator table.</summary>
internal static class YaqlLexer
{
    // Longest symbols first so that "=>" wins over "=" and "!=" over "!".
    private static readonly string[] Symbols = ["=>", "->", "?.", "!=", "!~", "=~", ">=", "<=", ".", ">", "<", "=", "+", "-", "*", "/"];

    private static readonly HashSet<string> WordOperators = new(StringComparer.Ordinal) { "and", "or", "not", "mod", "in" };

    public static List<YaqlToken> Tokenize(string text)
    {
        var tokens = new List<YaqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }

            var start = i;
            if (c == '$')
            {
                i++;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                tokens.Add(new YaqlToken(YaqlTokenKind.Dollar, text[start..i], null, start));
                continue;
            }

            if (char.IsAsciiDigit(c) && AtWordBoundaryBefore(text, i))
            {
                if (TryNumber(text, ref i, out var number))
                {
                    tokens.Add(new YaqlToken(YaqlTokenKind.Number, text[start..i], number, start));
                    continue;
                }

                return Fail(tokens, text, start);
            }

            if (IsIdentifierStart(c) && AtWordBoundaryBefore(text, i))
            {
                var end = i + 1;
                while (end < text.Length && IsWordChar(text[end]))
                {
                    end++;
                }

                var name = text[i..end];
                if (end < text.Length && text[end] == '(')
                {
                    tokens.Add(new YaqlToken(YaqlTokenKind.Function, name, null, start));
                    i = end + 1;
                    continue;
                }

                // ply's keyword rule refuses names that start with "__".
                if (name.StartsWith("__", StringComparison.Ordinal))
                {
                    return Fail(tokens, text, start);
                }

                i = end;
                var kind = name switch
                {
                    "true" => YaqlTokenKind.True,
                    "false" => YaqlTokenKind.False,
                    "null" => YaqlTokenKind.Null,
                    _ => WordOperators.Contains(name) ? YaqlTokenKind.Operator : YaqlTokenKind.Keyword,
                };
                object? value = kind switch
                {
                    YaqlTokenKind.True => true,
                    YaqlTokenKind.False => false,
                    _ => null,
                };
                tokens.Add(new YaqlToken(kind, name, value, start));
                continue;
            }

            if (c is '\'' or '"' or '`')
            {
                var end = i + 1;
                var closed = false;
                while (end < text.Length)
                {
                    if (text[end] == '\\' && end + 1 < text.Length)
                    {
                        end += 2;
                        continue;
                    }

                    if (text[end] == c)
                    {
                        closed = true;
                        break;
                    }

                    end++;
                }

                if (!closed)
                {
                    return Fail(tokens, text, start);
                }

                var body = text[(i + 1)..end];
                var decoded = c == '`' ? body.Replace("\\`", "`", StringComparison.Ordinal) : DecodeEscapes(body);
                tokens.Add(new YaqlToken(YaqlTokenKind.String, decoded, decoded, start));
                i = end + 1;
                continue;
            }

            switch (c)
            {
                case '(':
                    tokens.Add(new YaqlToken(YaqlTokenKind.LeftParen, "(", null, start));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new YaqlToken(YaqlTokenKind.RightParen, ")", null, start));
                    i++;
                    continue;
                case '[':
                    tokens.Add(new YaqlToken(YaqlTokenKind.LeftBracket, "[", null, start));
                    i++;
                    continue;
                case ']':
                    tokens.Add(new YaqlToken(YaqlTokenKind.RightBracket, "]", null, start));
                    i++;
                    continue;
                case '{':
                    tokens.Add(new YaqlToken(YaqlTokenKind.LeftBrace, "{", null, start));
                    i++;
                    continue;
                case '}':
                    tokens.Add(new YaqlToken(YaqlTokenKind.RightBrace, "}", null, start));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new YaqlToken(YaqlTokenKind.Comma, ",", null, start));
                    i++;
                    continue;
                default:
                    break;
            }

            var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0);
            if (symbol is null)
            {
                return Fail(tokens, text, start);
            }

            tokens.Add(new YaqlToken(symbol == "=>" ? YaqlTokenKind.Mapping : YaqlTokenKind.Operator, symbol, null, start));
            i += symbol.Length;
        }

        tokens.Add(new YaqlToken(YaqlTokenKind.End, string.Empty, null, text.Length));
        return tokens;
    }

    // \b\d+(\.?\d+)?\b
    private static bool TryNumber(string text, ref int i, out object? value)
    {
        var start = i;
        var end = i;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var intEnd = end;
        if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
        {
            end++;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }
        }

        // The closing \b: a number may not run into a letter or underscore. If the fraction does,
        // ply's regex backtracks to the integer part alone when that ends on a boundary.
        if (end < text.Length && IsWordChar(text[end]))
        {
            if (intEnd < end && intEnd < text.Length && !IsWordChar(text[intEnd]))
            {
                end = intEnd;
            }
            else
            {
                value = null;
                return false;
            }
        }

        var literal = text[start..end];
        i = end;
        if (literal.Contains('.', StringComparison.Ordinal))
        {
            value = double.Parse(literal, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
            return true;
        }

        if (long.TryParse(literal, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
        {
            value = l;
            return true;
        }

        value = double.Parse(literal, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    private static List<YaqlToken> Fail(List<YaqlToken> tokens, string text, int position)
    {
        tokens.Add(new YaqlToken(YaqlTokenKind.Error, text[position].ToString(), null, position));
        return tokens;
    }

    /// <summary>The lexical error for the illegal character at <paramref name="position"/>.</summary>
    public static YaqlSyntaxError Illegal(string text, int position) =>
        new($"Lexical error: illegal character '{text[position]}' at position {position}", position, lexical: true);

    private static bool AtWordBoundaryBefore(string text, int i) => i == 0 || !IsWordChar(text[i - 1]);

    public static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    // Python's codecs 'unicode-escape' applied to the escape sequences yaql recognises; any other
    // backslash stays as written (so regex classes such as \w survive).
    private static string DecodeEscapes(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }

        var builder = new StringBuilder(s.Length);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c != '\\' || i + 1 >= s.Length)
            {
                builder.Append(c);
                i++;
                continue;
            }

            var next = s[i + 1];
            switch (next)
            {
                case '\\': builder.Append('\\'); i += 2; continue;
                case '\'': builder.Append('\''); i += 2; continue;
                case '"': builder.Append('"'); i += 2; continue;
                case 'a': builder.Append('\a'); i += 2; continue;
                case 'b': builder.Append('\b'); i += 2; continue;
                case 'f': builder.Append('\f'); i += 2; continue;
                case 'n': builder.Append('\n'); i += 2; continue;
                case 'r': builder.Append('\r'); i += 2; continue;
                case 't': builder.Append('\t'); i += 2; continue;
                case 'v': builder.Append('\v'); i += 2; continue;
                case 'x' when TryHex(s, i + 2, 2, out var x):
                    builder.Append((char)x);
                    i += 4;
                    continue;
                case 'u' when TryHex(s, i + 2, 4, out var u):
                    builder.Append((char)u);
                    i += 6;
                    continue;
                case 'U' when TryHex(s, i + 2, 8, out var big) && big <= 0x10FFFF:
                    builder.Append(char.ConvertFromUtf32(big));
                    i += 10;
                    continue;
                default:
                    break;
            }

            if (next is >= '0' and <= '7')
            {
                var value = 0;
                var j = i + 1;
                while (j < s.Length && j < i + 4 && s[j] is >= '0' and <= '7')
                {
                    value = (value * 8) + (s[j] - '0');
                    j++;
                }

                builder.Append((char)value);
                i = j;
                continue;
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }

    private static bool TryHex(string s, int start, int length, out int value)
    {
        value = 0;
        if (start + length > s.Length)
        {
            return false;
        }

        return int.TryParse(s.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
