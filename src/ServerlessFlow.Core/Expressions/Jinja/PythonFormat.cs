using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>Python's printf-style <c>"%s" % value</c> formatting (used by Jinja's <c>%</c> operator
/// and the <c>format</c> filter): s r d i u f F e E g G x X o c % with flags, width, precision and
/// <c>%(name)s</c> mapping keys.</summary>
internal static class PythonFormat
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

    /// <summary>Python's float formatting for f/e/g conversions.</summary>
    public static string FloatBody(double d, char conversion, int precision, string flags)
    {
        string text;
        if (double.IsNaN(d))
        {
            text = "nan";
        }
        else if (double.IsInfinity(d))
        {
            text = d > 0 ? "inf" : "-inf";
        }
        else
        {
            switch (char.ToLowerInvariant(conversion))
            {
                case 'f':
                    text = d.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                    break;
                case 'e':
                    text = Exponent(d, precision);
                    break;
                default:
                    var p = precision == 0 ? 1 : precision;
                    if (d == 0)
                    {
                        text = flags.Contains('#', StringComparison.Ordinal) ? "0." + new string('0', p - 1) : "0";
                        break;
                    }

                    var exp = (int)Math.Floor(Math.Log10(Math.Abs(double.Parse(Exponent(d, p - 1), CultureInfo.InvariantCulture))));
                    if (exp < -4 || exp >= p)
                    {
                        text = Exponent(d, p - 1);
                        if (!flags.Contains('#', StringComparison.Ordinal))
                        {
                            var ePos = text.IndexOf('e', StringComparison.Ordinal);
                            var mantissa = text[..ePos];
                            if (mantissa.Contains('.', StringComparison.Ordinal))
                            {
                                mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                            }

                            text = mantissa + text[ePos..];
                        }
                    }
                    else
                    {
                        text = d.ToString("F" + Math.Max(0, p - 1 - exp).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                        if (!flags.Contains('#', StringComparison.Ordinal) && text.Contains('.', StringComparison.Ordinal))
                        {
                            text = text.TrimEnd('0').TrimEnd('.');
                        }
                    }

                    break;
            }

            if (text.StartsWith("-0", StringComparison.Ordinal) && double.Parse(text, CultureInfo.InvariantCulture) == 0 && !double.IsNegative(d))
            {
                text = text[1..];
            }
        }

        if (char.IsUpper(conversion))
        {
            text = text.ToUpperInvariant();
        }

        if (!text.StartsWith('-'))
        {
            if (flags.Contains('+', StringComparison.Ordinal))
            {
                text = "+" + text;
            }
            else if (flags.Contains(' ', StringComparison.Ordinal))
            {
                text = " " + text;
            }
        }

        return text;
    }

    private static string Exponent(double d, int precision)
    {
        var text = d.ToString((precision == 0 ? "0" : "0." + new string('0', precision)) + "e+00", CultureInfo.InvariantCulture);
        return text;
    }

    /// <summary>Python's <c>str.format</c> for the common cases: <c>{}</c>, <c>{0}</c>, <c>{name}</c>, with
    /// simple format specs handed to <see cref="FormatSpec"/>.</summary>
    public static string StrFormat(string format, List<object?> positional, Dictionary<string, object?> named)
    {
        var builder = new StringBuilder();
        var auto = 0;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '{')
            {
                if (i + 1 < format.Length && format[i + 1] == '{')
                {
                    builder.Append('{');
                    i++;
                    continue;
                }

                var close = format.IndexOf('}', i);
                if (close < 0)
                {
                    throw JinjaRuntimeException.Value("Single '{' encountered in format string");
                }

                var field = format[(i + 1)..close];
                var spec = string.Empty;
                var colon = field.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0)
                {
                    spec = field[(colon + 1)..];
                    field = field[..colon];
                }

                var conversion = '\0';
                var bang = field.IndexOf('!', StringComparison.Ordinal);
                if (bang >= 0)
                {
                    conversion = field.Length > bang + 1 ? field[bang + 1] : 's';
                    field = field[..bang];
                }

                object? value;
                if (field.Length == 0)
                {
                    value = auto < positional.Count ? positional[auto++] : throw new JinjaRuntimeException("IndexError", $"Replacement index {auto} out of range for positional args tuple");
                }
                else if (int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    value = index < positional.Count ? positional[index] : throw new JinjaRuntimeException("IndexError", $"Replacement index {index} out of range for positional args tuple");
                }
                else
                {
                    value = named.TryGetValue(field, out var v) ? v : throw new JinjaRuntimeException("KeyError", "'" + field + "'");
                }

                var text = conversion == 'r' ? JinjaValues.Repr(value) : null;
                builder.Append(text ?? FormatSpec(value, spec));
                i = close;
                continue;
            }

            if (c == '}')
            {
                if (i + 1 < format.Length && format[i + 1] == '}')
                {
                    i++;
                }
                else
                {
                    throw JinjaRuntimeException.Value("Single '}' encountered in format string");
                }
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string FormatSpec(object? value, string spec)
    {
        if (spec.Length == 0)
        {
            return JinjaValues.Str(value);
        }

        // [[fill]align][sign][0][width][.precision][type]
        var i = 0;
        var fill = ' ';
        var align = '\0';
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
        {
            fill = spec[0];
            align = spec[1];
            i = 2;
        }
        else if (spec.Length >= 1 && spec[0] is '<' or '>' or '^' or '=')
        {
            align = spec[0];
            i = 1;
        }

        var flags = string.Empty;
        if (i < spec.Length && spec[i] is '+' or '-' or ' ')
        {
            flags += spec[i++];
        }

        if (i < spec.Length && spec[i] == '0')
        {
            fill = '0';
            align = align == '\0' ? '=' : align;
            i++;
        }

        var start = i;
        while (i < spec.Length && char.IsAsciiDigit(spec[i]))
        {
            i++;
        }

        var width = i > start ? int.Parse(spec[start..i], CultureInfo.InvariantCulture) : 0;
        int? precision = null;
        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            start = i;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]))
            {
                i++;
            }

            precision = int.Parse(spec[start..i], CultureInfo.InvariantCulture);
        }

        var type = i < spec.Length ? spec[i] : '\0';
        value = JinjaValues.Defined(value);
        string body = type switch
        {
            'f' or 'F' or 'e' or 'E' or 'g' or 'G' or '%' when JinjaValues.IsNumber(value) =>
                type == '%' ? FloatBody(JinjaValues.ToDouble(value!) * 100, 'f', precision ?? 6, flags) + "%" : FloatBody(JinjaValues.ToDouble(value!), type, precision ?? 6, flags),
            'd' when value is long or bool => Sign(JinjaValues.ToLong(value!), flags, v => v.ToString(CultureInfo.InvariantCulture)),
            'x' or 'X' or 'o' or 'b' when value is long or bool => JinjaValues.ToLong(value!) is var n && type == 'b' ? Convert.ToString(n, 2) : type == 'o' ? Convert.ToString(JinjaValues.ToLong(value!), 8) : JinjaValues.ToLong(value!).ToString(type == 'x' ? "x" : "X", CultureInfo.InvariantCulture),
            '\0' when value is double d && precision is { } gp => FloatBody(d, 'g', gp, flags),
            '\0' or 's' => value is double d2 ? PythonFloat.Repr(d2) : JinjaValues.Str(value) is var s && precision is { } sp && sp < s.Length ? s[..sp] : JinjaValues.Str(value),
            _ => throw JinjaRuntimeException.Value($"Unknown format code '{type}' for object of type '{JinjaValues.TypeName(value)}'"),
        };

        if (body.Length >= width)
        {
            return body;
        }

        if (align == '\0')
        {
            align = JinjaValues.IsNumber(value) ? '>' : '<';
        }

        var pad = width - body.Length;
        return align switch
        {
            '<' => body + new string(fill, pad),
            '^' => new string(fill, pad / 2) + body + new string(fill, pad - (pad / 2)),
            '=' when body.Length > 0 && body[0] is '-' or '+' or ' ' => body[0] + new string(fill, pad) + body[1..],
            _ => new string(fill, pad) + body,
        };
    }
}
