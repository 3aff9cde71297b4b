using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Expressions.Functions;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Python's printf-style <c>"%s" % value</c> formatting (used by Jinja's <c>%</c> operator
/// and the <c>format</c> filter): s r d i u f F e E g G x X o c % with flags, width, precision and
/// <c>%(name)s</c> mapping keys. Jinja only: YAQL has no <c>%</c> operator; <c>str.format</c> is <see cref="PythonStrFormat"/>.</summary>
internal static class PythonPercentFormat
{
    public static string Format(string format, object? arguments)
    {
        arguments = JinjaValues.Defined(arguments);
        var positional = arguments is JinjaTuple tuple ? tuple : null;
        var mapping = arguments as Dictionary<string, object?>;
        var next = 0;
        var usedSingle = false;
        var builder = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c != '%')
            {
                builder.Append(c);
                continue;
            }

            i++;
            if (i >= format.Length)
            {
                throw JinjaRuntimeException.Value("incomplete format");
            }

            if (format[i] == '%')
            {
                builder.Append('%');
                continue;
            }

            object? value;
            string? key = null;
            if (format[i] == '(')
            {
                var close = format.IndexOf(')', i);
                if (close < 0)
                {
                    throw JinjaRuntimeException.Value("incomplete format key");
                }

                key = format[(i + 1)..close];
                i = close + 1;
            }

            var flags = string.Empty;
            while (i < format.Length && format[i] is '-' or '+' or ' ' or '0' or '#')
            {
                flags += format[i++];
            }

            int? width = ReadNumber(format, ref i, () => TakeArgument(positional, arguments, ref next, ref usedSingle));
            int? precision = null;
            if (i < format.Length && format[i] == '.')
            {
                i++;
                precision = ReadNumber(format, ref i, () => TakeArgument(positional, arguments, ref next, ref usedSingle)) ?? 0;
            }

            while (i < format.Length && format[i] is 'h' or 'l' or 'L')
            {
                i++;
            }

            if (i >= format.Length)
            {
                throw JinjaRuntimeException.Value("incomplete format");
            }

            var conversion = format[i];
            if (key is not null)
            {
                if (mapping is null)
                {
                    throw JinjaRuntimeException.Type("format requires a mapping");
                }

                if (!mapping.TryGetValue(key, out value))
                {
                    throw new JinjaRuntimeException("KeyError", "'" + key + "'");
                }
            }
            else
            {
                value = TakeArgument(positional, arguments, ref next, ref usedSingle);
            }

            builder.Append(FormatOne(conversion, flags, width, precision, value, i));
        }

        if (AllArgumentsUsed(positional, next, arguments, usedSingle, mapping) is false)
        {
            throw JinjaRuntimeException.Type("not all arguments converted during string formatting");
        }

        return builder.ToString();
    }

    // Python complains when positional arguments are left over (a mapping argument is exempt).
    private static bool AllArgumentsUsed(JinjaTuple? positional, int next, object? arguments, bool usedSingle, Dictionary<string, object?>? mapping)
    {
        if (mapping is not null)
        {
            return true;
        }

        return positional is not null ? next >= positional.Count : usedSingle;
    }

    private static object? TakeArgument(JinjaTuple? positional, object? single, ref int next, ref bool usedSingle)
    {
        if (positional is not null)
        {
            if (next >= positional.Count)
            {
                throw JinjaRuntimeException.Type("not enough arguments for format string");
            }

            return positional[next++];
        }

        if (usedSingle)
        {
            throw JinjaRuntimeException.Type("not enough arguments for format string");
        }

        usedSingle = true;
        return single;
    }

    private static int? ReadNumber(string format, ref int i, Func<object?> star)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            return star() is long l ? (int)l : throw JinjaRuntimeException.Type("* wants int");
        }

        var start = i;
        while (i < format.Length && char.IsAsciiDigit(format[i]))
        {
            i++;
        }

        return i > start ? int.Parse(format[start..i], CultureInfo.InvariantCulture) : null;
    }

    private static string FormatOne(char conversion, string flags, int? width, int? precision, object? value, int index)
    {
        value = JinjaValues.Defined(value);
        string body;
        var numeric = false;
        switch (conversion)
        {
            case 's':
                body = JinjaValues.Str(value);
                if (precision is { } p && p < body.Length)
                {
                    body = body[..p];
                }

                break;
            case 'r' or 'a':
                body = JinjaValues.Repr(value);
                if (precision is { } rp && rp < body.Length)
                {
                    body = body[..rp];
                }

                break;
            case 'd' or 'i' or 'u':
                numeric = true;
                body = Sign(IntegerOf(value, conversion), flags, v => v.ToString(CultureInfo.InvariantCulture));
                break;
            case 'x' or 'X' or 'o':
                numeric = true;
                var n = value is double ? throw JinjaRuntimeException.Type($"%{conversion} format: an integer is required, not float") : IntegerOf(value, conversion);
                body = Sign(n, flags, v =>
                {
                    var digits = conversion == 'o' ? Convert.ToString(v, 8) : v.ToString(conversion == 'x' ? "x" : "X", CultureInfo.InvariantCulture);
                    if (flags.Contains('#', StringComparison.Ordinal))
                    {
                        digits = (conversion == 'o' ? "0o" : conversion == 'x' ? "0x" : "0X") + digits;
                    }

                    return digits;
                });
                break;
            case 'f' or 'F' or 'e' or 'E' or 'g' or 'G':
                numeric = true;
                var d = value switch
                {
                    bool or long or double => JinjaValues.ToDouble(value),
                    _ => throw JinjaRuntimeException.Type($"must be real number, not {JinjaValues.TypeName(value)}"),
                };
                body = FloatBody(d, conversion, precision ?? 6, flags);
                break;
            case 'c':
                body = value switch
                {
                    long code => char.ConvertFromUtf32((int)code),
                    string { Length: 1 } s => s,
                    _ => throw JinjaRuntimeException.Type("%c requires int or char"),
                };
                break;
            default:
                throw JinjaRuntimeException.Value($"unsupported format character '{conversion}' (0x{(int)conversion:x}) at index {index}");
        }

        if (width is { } w && body.Length < w)
        {
            if (flags.Contains('-', StringComparison.Ordinal))
            {
                body = body.PadRight(w);
            }
            else if (numeric && flags.Contains('0', StringComparison.Ordinal))
            {
                var signLength = body.Length > 0 && body[0] is '-' or '+' or ' ' ? 1 : 0;
                if (body.Length > signLength + 1 && body[signLength] == '0' && body[signLength + 1] is 'x' or 'X' or 'o')
                {
                    signLength += 2;
                }

                body = body[..signLength] + new string('0', w - body.Length) + body[signLength..];
            }
            else
            {
                body = body.PadLeft(w);
            }
        }

        return body;
    }

    private static long IntegerOf(object? value, char conversion) => value switch
    {
        bool or long => JinjaValues.ToLong(value),
        double d when double.IsFinite(d) => (long)Math.Truncate(d),
        _ => throw JinjaRuntimeException.Type($"%{conversion} format: a real number is required, not {JinjaValues.TypeName(value)}"),
    };

    private static string Sign(long value, string flags, Func<long, string> digits)
    {
        var text = digits(Math.Abs(value));
        if (value < 0)
        {
            return "-" + text;
        }

        return (flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : string.Empty) + text;
    }

    private static string FloatBody(double d, char conversion, int precision, string flags)
    {
        var text = PythonStrFormat.FloatDigits(Math.Abs(d), conversion, precision, flags.Contains('#', StringComparison.Ordinal));
        if (PythonStrFormat.IsNegative(d))
        {
            return "-" + text;
        }

        return (flags.Contains('+', StringComparison.Ordinal) ? "+" : flags.Contains(' ', StringComparison.Ordinal) ? " " : string.Empty) + text;
    }
}
