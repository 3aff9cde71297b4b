using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Expressions.Functions;

/// <summary>Python's <c>str.format</c> and <c>format(value, spec)</c>, shared by YAQL's <c>format()</c> and
/// Jinja's <c>str.format</c> method: <c>{}</c>, <c>{0}</c>, <c>{name}</c>, <c>{0[key]}</c>, <c>!r</c>/<c>!s</c>,
/// nested specs and the common format specs (fill, align, sign, <c>#</c>, <c>0</c>, width, <c>,</c>/<c>_</c>,
/// precision, types s d x X o b n f F e E g G %).</summary>
internal static class PythonStrFormat
{
    /// <summary>Formats <paramref name="template"/> like <c>template.format(*args, **named)</c>.</summary>
    public static string Format(string template, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> named, PythonFormatValues values)
    {
        var builder = new StringBuilder();
        var autoIndex = 0;
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '{')
            {
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    builder.Append('{');
                    i += 2;
                    continue;
                }

                var end = FindFieldEnd(template, i + 1);
                if (end < 0)
                {
                    throw values.Error("ValueError", "Single '{' encountered in format string");
                }

                var field = template[(i + 1)..end];
                builder.Append(FormatField(field, args, named, ref autoIndex, values));
                i = end + 1;
                continue;
            }

            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    builder.Append('}');
                    i += 2;
                    continue;
                }

                throw values.Error("ValueError", "Single '}' encountered in format string");
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
    }

    /// <summary>Python's <c>format(value, spec)</c>.</summary>
    public static string FormatValue(object? value, string spec, PythonFormatValues values)
    {
        if (spec.Length == 0)
        {
            return values.Str(value);
        }

        value = values.Resolve(value);
        var i = 0;
        var fill = '\0';
        var align = '\0';
        if (spec.Length >= 2 && spec[1] is '<' or '>' or '^' or '=')
        {
            fill = spec[0];
            align = spec[1];
            i = 2;
        }
        else if (spec[0] is '<' or '>' or '^' or '=')
        {
            align = spec[0];
            i = 1;
        }

        var sign = '-';
        var signGiven = false;
        if (i < spec.Length && spec[i] is '+' or '-' or ' ')
        {
            sign = spec[i++];
            signGiven = true;
        }

        var alternate = false;
        if (i < spec.Length && spec[i] == '#')
        {
            alternate = true;
            i++;
        }

        // A leading 0 pads with zeros unless a fill was given, and puts them after the sign unless an alignment was given.
        var zero = false;
        if (i < spec.Length && spec[i] == '0')
        {
            zero = true;
            i++;
        }

        var width = 0;
        while (i < spec.Length && char.IsAsciiDigit(spec[i]))
        {
            width = (width * 10) + (spec[i++] - '0');
        }

        var grouping = '\0';
        if (i < spec.Length && spec[i] is ',' or '_')
        {
            grouping = spec[i++];
        }

        var precision = -1;
        if (i < spec.Length && spec[i] == '.')
        {
            i++;
            precision = 0;
            while (i < spec.Length && char.IsAsciiDigit(spec[i]))
            {
                precision = (precision * 10) + (spec[i++] - '0');
            }
        }

        var type = i < spec.Length ? spec[i++] : '\0';
        if (i != spec.Length)
        {
            throw values.Error("ValueError", "Invalid format specifier");
        }

        if (fill == '\0')
        {
            fill = zero ? '0' : ' ';
        }

        var numeric = PythonValues.IsNumber(value) && type != 's';
        if (!numeric)
        {
            if (type is not '\0' and not 's')
            {
                throw values.Error("ValueError", $"Unknown format code '{type}' for object of type '{values.TypeName(value)}'");
            }

            var text = values.Str(value);
            if (precision >= 0 && text.Length > precision)
            {
                text = text[..precision];
            }

            return Pad(text, string.Empty, width, fill, align == '\0' ? '<' : align);
        }

        string body;
        bool negative;
        if (value is long or bool && type is '\0' or 'd' or 'x' or 'X' or 'o' or 'b' or 'n' or 'c')
        {
            var l = PythonValues.ToLong(value!);
            if (type == 'c')
            {
                // Python's 'c': the code point as a character; no sign or '#', right-aligned like numbers.
                if (signGiven)
                {
                    throw values.Error("ValueError", "Sign not allowed with integer format specifier 'c'");
                }

                if (alternate)
                {
                    throw values.Error("ValueError", "Alternate form (#) not allowed with integer format specifier 'c'");
                }

                if (l is < 0 or > 0x10FFFF)
                {
                    throw values.Error("OverflowError", "%c arg not in range(0x110000)");
                }

                var character = l is >= 0xD800 and <= 0xDFFF ? ((char)l).ToString() : char.ConvertFromUtf32((int)l);
                return Pad(character, string.Empty, width, fill, align != '\0' ? align : '>');
            }

            negative = l < 0;
            var magnitude = negative ? (ulong)(-(l + 1)) + 1 : (ulong)l;
            body = type switch
            {
                'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
                'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
                'o' => Convert.ToString((long)magnitude, 8),
                'b' => Convert.ToString((long)magnitude, 2),
                _ => magnitude.ToString(CultureInfo.InvariantCulture),
            };
            if (alternate && type is 'x' or 'X' or 'o' or 'b')
            {
                body = "0" + type + body;
            }

            if (type is not 'x' and not 'X' and not 'o' and not 'b')
            {
                body = Group(body, grouping);
            }
        }
        else
        {
            var d = PythonValues.ToDouble(value!);
            negative = IsNegative(d);
            var magnitude = Math.Abs(d);
            var digits = precision < 0 ? 6 : precision;
            body = type switch
            {
                'f' or 'F' or 'e' or 'E' or 'g' or 'G' => FloatDigits(magnitude, type, digits, alternate),
                'n' => FloatDigits(magnitude, 'g', digits, alternate),
                '%' => FloatDigits(magnitude * 100, 'f', digits, alternate) + "%",
                '\0' when precision >= 0 => FloatDigits(magnitude, 'g', precision, alternate),
                '\0' => PythonFloat.Repr(magnitude),
                _ => throw values.Error("ValueError", $"Unknown format code '{type}' for object of type 'float'"),
            };
            if (grouping != '\0')
            {
                var dot = body.IndexOfAny(['.', 'e', '%']);
                body = dot < 0 ? Group(body, grouping) : Group(body[..dot], grouping) + body[dot..];
            }
        }

        var signText = negative ? "-" : sign switch { '+' => "+", ' ' => " ", _ => string.Empty };
        return Pad(body, signText, width, fill, align != '\0' ? align : zero ? '=' : '>');
    }

    /// <summary>Python's digits for a non-negative (or NaN) float in the f/F/e/E/g/G conversions, without a sign;
    /// <paramref name="alternate"/> is the <c>#</c> flag (keep trailing zeros for g).</summary>
    public static string FloatDigits(double magnitude, char conversion, int precision, bool alternate)
    {
        string text;
        if (double.IsNaN(magnitude))
        {
            text = "nan";
        }
        else if (double.IsInfinity(magnitude))
        {
            text = "inf";
        }
        else
        {
            switch (char.ToLowerInvariant(conversion))
            {
                case 'f':
                    text = magnitude.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                    break;
                case 'e':
                    text = Exponent(magnitude, precision);
                    break;
                default:
                    text = General(magnitude, precision == 0 ? 1 : precision, alternate);
                    break;
            }
        }

        return char.IsUpper(conversion) ? text.ToUpperInvariant() : text;
    }

    /// <summary>Whether Python writes a minus sign before this float (negative numbers and negative zero, not NaN).</summary>
    public static bool IsNegative(double d) => d < 0 || (d == 0 && double.IsNegative(d));

    private static string General(double magnitude, int precision, bool alternate)
    {
        if (magnitude == 0)
        {
            return alternate ? "0." + new string('0', precision - 1) : "0";
        }

        // The exponent is the one after rounding to the requested significant digits (9.9999995 → 1e+01).
        var exponentForm = Exponent(magnitude, precision - 1);
        var exponent = int.Parse(exponentForm[(exponentForm.IndexOf('e', StringComparison.Ordinal) + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = exponentForm;
            if (!alternate)
            {
                var e = text.IndexOf('e', StringComparison.Ordinal);
                var mantissa = text[..e];
                if (mantissa.Contains('.', StringComparison.Ordinal))
                {
                    mantissa = mantissa.TrimEnd('0').TrimEnd('.');
                }

                text = mantissa + text[e..];
            }

            return text;
        }

        text = magnitude.ToString("F" + Math.Max(0, precision - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (!alternate && text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text;
    }

    // Python writes at least two exponent digits (e+06); .NET's "e6" writes three.
    private static string Exponent(double value, int precision)
    {
        var text = value.ToString("e" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var e = text.IndexOf('e', StringComparison.Ordinal);
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static int FindFieldEnd(string template, int start)
    {
        var depth = 1;
        for (var i = start; i < template.Length; i++)
        {
            if (template[i] == '{')
            {
                depth++;
            }
            else if (template[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static string FormatField(string field, IReadOnlyList<object?> args, IReadOnlyDictionary<string, object?> named, ref int autoIndex, PythonFormatValues values)
    {
        var spec = string.Empty;
        var conversion = '\0';
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            spec = field[(colon + 1)..];
            field = field[..colon];
        }

        var bang = field.IndexOf('!', StringComparison.Ordinal);
        if (bang >= 0)
        {
            if (bang + 2 != field.Length)
            {
                throw values.Error("ValueError", "expected ':' after conversion specifier");
            }

            conversion = field[bang + 1];
            field = field[..bang];
        }

        // The first part names the argument; [key] and .attr parts go into it.
        var nameEnd = 0;
        while (nameEnd < field.Length && field[nameEnd] is not '[' and not '.')
        {
            nameEnd++;
        }

        var name = field[..nameEnd];
        object? value;
        if (name.Length == 0)
        {
            if (autoIndex < 0)
            {
                throw values.Error("ValueError", "cannot switch from manual field specification to automatic field numbering");
            }

            value = autoIndex < args.Count ? args[autoIndex] : throw values.Error("IndexError", $"Replacement index {autoIndex} out of range for positional args tuple");
            autoIndex++;
        }
        else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            if (autoIndex > 0)
            {
                throw values.Error("ValueError", "cannot switch from automatic field numbering to manual field specification");
            }

            autoIndex = -1;
            value = index < args.Count ? args[index] : throw values.Error("IndexError", $"Replacement index {index} out of range for positional args tuple");
        }
        else
        {
            value = named.TryGetValue(name, out var found) ? found : throw values.Error("KeyError", $"'{name}'");
        }

        var rest = field[nameEnd..];
        while (rest.Length > 0)
        {
            if (rest[0] != '[')
            {
                throw values.Error("AttributeError", $"'{values.TypeName(value)}' object has no attribute '{rest[1..]}'");
            }

            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw values.Error("ValueError", "Missing ']' in format string");
            }

            var key = rest[1..close];
            rest = rest[(close + 1)..];
            value = values.Resolve(value) switch
            {
                Dictionary<string, object?> dict => dict.TryGetValue(key, out var v) ? v : throw values.Error("KeyError", $"'{key}'"),
                List<object?> list when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var k) =>
                    k < list.Count ? list[k] : throw values.Error("IndexError", "tuple index out of range"),
                var other => throw values.Error("TypeError", $"'{values.TypeName(other)}' object is not subscriptable"),
            };
        }

        if (conversion is 'r' or 'a')
        {
            value = values.Repr(value);
        }
        else if (conversion == 's')
        {
            value = values.Str(value);
        }
        else if (conversion != '\0')
        {
            throw values.Error("ValueError", $"Unknown conversion specifier {conversion}");
        }

        if (spec.Contains('{', StringComparison.Ordinal))
        {
            spec = Format(spec, args, named, values);
        }

        return FormatValue(value, spec, values);
    }

    private static string Group(string digits, char separator)
    {
        if (separator == '\0' || digits.Length <= 3)
        {
            return digits;
        }

        var builder = new StringBuilder();
        var head = digits.Length % 3;
        if (head > 0)
        {
            builder.Append(digits, 0, head);
        }

        for (var i = head; i < digits.Length; i += 3)
        {
            if (builder.Length > 0)
            {
                builder.Append(separator);
            }

            builder.Append(digits, i, 3);
        }

        return builder.ToString();
    }

    private static string Pad(string body, string sign, int width, char fill, char align)
    {
        var length = body.Length + sign.Length;
        if (width <= length)
        {
            return sign + body;
        }

        var padding = width - length;
        return align switch
        {
            '<' => sign + body + new string(fill, padding),
            '^' => new string(fill, padding / 2) + sign + body + new string(fill, padding - (padding / 2)),
            '=' => sign + new string(fill, padding) + body,
            _ => new string(fill, padding) + sign + body,
        };
    }
}
