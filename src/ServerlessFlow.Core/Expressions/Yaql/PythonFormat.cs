using System.Globalization;
using System.Text;

namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>Python's <c>str.format</c> for yaql's <c>format()</c>: <c>{}</c>, <c>{0}</c>, <c>{name}</c>,
/// <c>{0[key]}</c>, <c>!r</c>/<c>!s</c> and the common format specs (fill, align, sign, width, <c>,</c>,
/// precision, types s d x o b f e g %).</summary>
internal static class PythonFormat
{
    public static string Format(string template, List<object?> args, Dictionary<string, object?> named, int position)
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
                    throw new YaqlError("ValueError", "Single '{' encountered in format string", position);
                }

                var field = template[(i + 1)..end];
                builder.Append(FormatField(field, args, named, ref autoIndex, position));
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

                throw new YaqlError("ValueError", "Single '}' encountered in format string", position);
            }

            builder.Append(c);
            i++;
        }

        return builder.ToString();
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

    private static string FormatField(string field, List<object?> args, Dictionary<string, object?> named, ref int autoIndex, int position)
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
                throw new YaqlError("ValueError", "expected ':' after conversion specifier", position);
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
                throw new YaqlError("ValueError", "cannot switch from manual field specification to automatic field numbering", position);
            }

            value = autoIndex < args.Count ? args[autoIndex] : throw new YaqlError("IndexError", $"Replacement index {autoIndex} out of range for positional args tuple", position);
            autoIndex++;
        }
        else if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            if (autoIndex > 0)
            {
                throw new YaqlError("ValueError", "cannot switch from automatic field numbering to manual field specification", position);
            }

            autoIndex = -1;
            value = index < args.Count ? args[index] : throw new YaqlError("IndexError", $"Replacement index {index} out of range for positional args tuple", position);
        }
        else
        {
            value = named.TryGetValue(name, out var found) ? found : throw new YaqlError("KeyError", $"'{name}'", position);
        }

        var rest = field[nameEnd..];
        while (rest.Length > 0)
        {
            if (rest[0] == '[')
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new YaqlError("ValueError", "Missing ']' in format string", position);
                }

                var key = rest[1..close];
                rest = rest[(close + 1)..];
                value = value switch
                {
                    Dictionary<string, object?> dict => dict.TryGetValue(key, out var v) ? v : throw new YaqlError("KeyError", $"'{key}'", position),
                    List<object?> list when int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var k) =>
                        k < list.Count ? list[k] : throw new YaqlError("IndexError", "tuple index out of range", position),
                    _ => throw new YaqlError("TypeError", $"'{PythonSemantics.TypeName(value)}' object is not subscriptable", position),
                };
            }
            else
            {
                throw new YaqlError("AttributeError", $"'{PythonSemantics.TypeName(value)}' object has no attribute '{rest[1..]}'", position);
            }
        }

        if (conversion == 'r' || conversion == 'a')
        {
            value = PythonSemantics.Repr(value, tuples: true);
        }
        else if (conversion == 's')
        {
            value = PythonSemantics.Str(value, tuples: true);
        }
        else if (conversion != '\0')
        {
            throw new YaqlError("ValueError", $"Unknown conversion specifier {conversion}", position);
        }

        if (spec.Contains('{', StringComparison.Ordinal))
        {
            spec = Format(spec, args, named, position);
        }

        return FormatValue(value, spec, position);
    }

    /// <summary>Python's format(value, spec).</summary>
    public static string FormatValue(object? value, string spec, int position)
    {
        if (spec.Length == 0)
        {
            return PythonSemantics.Str(value, tuples: true);
        }

        var i = 0;
        var fill = ' ';
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
        if (i < spec.Length && spec[i] is '+' or '-' or ' ')
        {
            sign = spec[i++];
        }

        var alternate = false;
        if (i < spec.Length && spec[i] == '#')
        {
            alternate = true;
            i++;
        }

        if (i < spec.Length && spec[i] == '0' && align == '\0')
        {
            fill = '0';
            align = '=';
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
            throw new YaqlError("ValueError", "Invalid format specifier", position);
        }

        string body;
        var negative = false;
        var numeric = value is long or double or bool && type != 's';
        if (!numeric)
        {
            if (type is not '\0' and not 's')
            {
                throw new YaqlError("ValueError", $"Unknown format code '{type}' for object of type '{PythonSemantics.TypeName(value)}'", position);
            }

            body = PythonSemantics.Str(value, tuples: true);
            if (precision >= 0 && body.Length > precision)
            {
                body = body[..precision];
            }

            return Pad(body, string.Empty, width, fill, align == '\0' ? '<' : align);
        }

        if (value is long or bool && type is '\0' or 'd' or 'x' or 'X' or 'o' or 'b' or 'n' or 'c')
        {
            var l = PythonSemantics.ToLong(value);
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
            var d = PythonSemantics.ToDouble(value);
            negative = d < 0 || (d == 0 && double.IsNegative(d));
            var magnitude = Math.Abs(d);
            body = type switch
            {
                'f' or 'F' => magnitude.ToString("F" + (precision < 0 ? 6 : precision).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
                'e' or 'E' => PythonExponent(magnitude, precision < 0 ? 6 : precision, type),
                '%' => (magnitude * 100).ToString("F" + (precision < 0 ? 6 : precision).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%",
                'g' or 'G' or 'n' => GeneralFormat(magnitude, precision < 0 ? 6 : precision, type == 'G'),
                '\0' when precision >= 0 => GeneralFormat(magnitude, precision, false),
                '\0' => Values.PythonFloat.Repr(magnitude),
                _ => throw new YaqlError("ValueError", $"Unknown format code '{type}' for object of type 'float'", position),
            };
            if (grouping != '\0')
            {
                var dot = body.IndexOfAny(['.', 'e', '%']);
                body = dot < 0 ? Group(body, grouping) : Group(body[..dot], grouping) + body[dot..];
            }
        }

        var signText = negative ? "-" : sign switch { '+' => "+", ' ' => " ", _ => string.Empty };
        return Pad(body, signText, width, fill, align == '\0' ? '>' : align);
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

    private static string PythonExponent(double value, int precision, char type)
    {
        var text = value.ToString((type == 'E' ? "E" : "e") + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        // .NET writes e+006; Python writes e+06.
        var e = text.IndexOfAny(['e', 'E']);
        var mantissa = text[..e];
        var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + text[e] + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    private static string GeneralFormat(double value, int precision, bool upper)
    {
        if (precision == 0)
        {
            precision = 1;
        }

        if (value == 0)
        {
            return "0";
        }

        var exponent = (int)Math.Floor(Math.Log10(value));
        string text;
        if (exponent < -4 || exponent >= precision)
        {
            text = PythonExponent(value, precision - 1, upper ? 'E' : 'e');
            var e = text.IndexOfAny(['e', 'E']);
            var mantissa = text[..e];
            if (mantissa.Contains('.', StringComparison.Ordinal))
            {
                mantissa = mantissa.TrimEnd('0').TrimEnd('.');
            }

            return mantissa + text[e..];
        }

        text = value.ToString("F" + Math.Max(0, precision - 1 - exponent).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text;
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
