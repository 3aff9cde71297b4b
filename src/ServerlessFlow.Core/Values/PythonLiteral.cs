using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Values;

/// <summary>
/// Python's <c>ast.literal_eval</c> for the literals that Python's <c>str()</c> of plain values produces (StackStorm casts a
/// rendered <c>{'a': [1, True, None]}</c> back to an object this way): dicts, lists, tuples (as lists), strings (single,
/// double and adjacent; escapes), integers, floats, <c>True</c>, <c>False</c>, <c>None</c>, and a sign before a number.
/// Parsing only: nothing is evaluated, names and calls are refused.
/// </summary>
internal static class PythonLiteral
{
    private const int MaxDepth = 100;

    /// <summary>The plain value of <paramref name="text"/>, or false with Python's reason.</summary>
    public static bool TryParse(string text, out object? value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text);
        try
        {
            reader.SkipSpace();
            value = reader.Value(0);
            reader.SkipSpace();
            if (!reader.AtEnd)
            {
                throw reader.Malformed();
            }

            error = string.Empty;
            return true;
        }
        catch (FormatException e)
        {
            value = null;
            error = e.Message;
            return false;
        }
    }

    private sealed class Reader(string text)
    {
        private int position;

        public bool AtEnd => position >= text.Length;

        public FormatException Malformed() => new("malformed node or string on line 1");

        public void SkipSpace()
        {
            while (position < text.Length && text[position] is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                position++;
            }
        }

        public object? Value(int depth)
        {
            if (depth > MaxDepth)
            {
                throw new FormatException("s_push: parser stack overflow");
            }

            SkipSpace();
            if (AtEnd)
            {
                throw new FormatException("unexpected EOF while parsing");
            }

            char c = text[position];
            switch (c)
            {
                case '{':
                    return Mapping(depth);
                case '[':
                    return Sequence(']', depth);
                case '(':
                    return Sequence(')', depth);
                case '\'' or '"':
                    return Strings();
                case '-' or '+':
                    position++;
                    SkipSpace();
                    object? number = Number();
                    return c == '+' ? number : number switch
                    {
                        long l => -l,
                        double d => -d,
                        _ => throw Malformed(),
                    };
                default:
                    if (char.IsAsciiDigit(c) || c == '.')
                    {
                        return Number();
                    }

                    string word = Word();
                    return word switch
                    {
                        "True" => true,
                        "False" => false,
                        "None" => null,
                        _ => throw Malformed(),
                    };
            }
        }

        private Dictionary<string, object?> Mapping(int depth)
        {
            position++;
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            while (true)
            {
                SkipSpace();
                if (Take('}'))
                {
                    return result;
                }

                object? key = Value(depth + 1);
                SkipSpace();
                Expect(':');
                object? item = Value(depth + 1);
                result[key as string ?? Expressions.Yaql.PythonSemantics.Str(key)] = item;
                SkipSpace();
                if (Take('}'))
                {
                    return result;
                }

                Expect(',');
            }
        }

        private List<object?> Sequence(char close, int depth)
        {
            position++;
            var result = new List<object?>();
            while (true)
            {
                SkipSpace();
                if (Take(close))
                {
                    return result;
                }

                result.Add(Value(depth + 1));
                SkipSpace();
                if (Take(close))
                {
                    return result;
                }

                Expect(',');
            }
        }

        private string Strings()
        {
            var builder = new StringBuilder();
            do
            {
                String(builder);
                SkipSpace();
            }
            while (!AtEnd && text[position] is '\'' or '"');

            return builder.ToString();
        }

        private void String(StringBuilder builder)
        {
            char quote = text[position++];
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("EOL while scanning string literal");
                }

                char c = text[position++];
                if (c == quote)
                {
                    return;
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (AtEnd)
                {
                    throw new FormatException("EOL while scanning string literal");
                }

                char escape = text[position++];
                switch (escape)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case '0': builder.Append('\0'); break;
                    case 'a': builder.Append('\a'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'v': builder.Append('\v'); break;
                    case '\\' or '\'' or '"': builder.Append(escape); break;
                    case '\n': break;
                    case 'x': builder.Append((char)Hex(2)); break;
                    case 'u': builder.Append((char)Hex(4)); break;
                    case 'U': builder.Append(char.ConvertFromUtf32(Hex(8))); break;
                    default:
                        builder.Append('\\').Append(escape);
                        break;
                }
            }
        }

        private int Hex(int digits)
        {
            if (position + digits > text.Length
                || !int.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            {
                throw new FormatException("(unicode error) truncated escape");
            }

            position += digits;
            return code;
        }

        private object Number()
        {
            int start = position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] is '.' or '_'
                || (text[position] is '+' or '-' && position > start && text[position - 1] is 'e' or 'E')))
            {
                position++;
            }

            string token = text[start..position].Replace("_", string.Empty, StringComparison.Ordinal);
            if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(token.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long hex))
            {
                return hex;
            }

            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long integer))
            {
                return integer;
            }

            return double.TryParse(token, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double real)
                ? real
                : throw Malformed();
        }

        private string Word()
        {
            int start = position;
            while (!AtEnd && (char.IsAsciiLetterOrDigit(text[position]) || text[position] == '_'))
            {
                position++;
            }

            return start == position ? throw Malformed() : text[start..position];
        }

        private bool Take(char c)
        {
            if (!AtEnd && text[position] == c)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(char c)
        {
            if (!Take(c))
            {
                throw new FormatException("invalid syntax");
            }
        }
    }
}
