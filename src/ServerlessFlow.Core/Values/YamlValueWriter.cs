using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ServerlessFlow.Core.Values;

/// <summary>
/// Writes a plain value (mappings, lists, strings, numbers, booleans, null) as one block-style YAML document that
/// <see cref="YamlValueReader"/> — PyYAML's <c>safe_load</c> rules — reads back as the same value: a string that would read
/// as something else there (<c>yes</c>, <c>0755</c>, <c>1e3</c>, <c>null</c>, text with <c>: </c> or <c>#</c>) is quoted, every
/// other string stays plain so the file reads like one written by hand. Every document written is read back and compared,
/// so a value that would not survive the trip is never written.
/// </summary>
public static partial class YamlValueWriter
{
    /// <summary>The value as YAML text (CLR values are first brought into the plain model by <see cref="PlainValues.Normalize"/>).</summary>
    public static string Write(object? value)
    {
        var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart());
        Emit(emitter, PlainValues.Normalize(value));
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        var yaml = text.ToString();

        var back = YamlValueReader.Read(yaml);
        if (back.Problems.Count > 0 || !PlainValues.DeepEquals(back.Value, PlainValues.Normalize(value)))
        {
            throw new InvalidOperationException("The YAML written does not read back as the value given; nothing was written.");
        }

        return yaml;
    }

    private static void Emit(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case bool b:
                emitter.Emit(new Scalar(null, null, b ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case long l:
                emitter.Emit(new Scalar(null, null, l.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case double d:
                emitter.Emit(new Scalar(null, null, FloatText(d), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case string s:
                emitter.Emit(new Scalar(null, null, s, IsPlainSafe(s) ? ScalarStyle.Plain : ScalarStyle.DoubleQuoted, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case Dictionary<string, object?> mapping:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, mapping.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, item) in mapping)
                {
                    Emit(emitter, key);
                    Emit(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case List<object?> list:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, list.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in list)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                // Normalize leaves nothing else; a new kind of plain value must be taught here.
                throw new ArgumentException($"A {value.GetType().Name} is not a plain value.", nameof(value));
        }
    }

    /// <summary>YAML 1.1 floats need a dot (PyYAML reads <c>1e+20</c> as a string), so the exponent form gets one.</summary>
    private static string FloatText(double d)
    {
        if (double.IsNaN(d))
        {
            return ".nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? ".inf" : "-.inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            var mantissa = text[..e];
            var exponent = text[(e + 1)..];
            return (mantissa.Contains('.', StringComparison.Ordinal) ? mantissa : mantissa + ".0") + "e" + (exponent.StartsWith('-') || exponent.StartsWith('+') ? exponent : "+" + exponent);
        }

        return text.Contains('.', StringComparison.Ordinal) ? text : text + ".0";
    }

    /// <summary>Whether the string reads back as itself when written plain: words, paths, dotted refs and sentences without
    /// YAML's indicators, that are not a boolean, number or null under PyYAML's rules.</summary>
    private static bool IsPlainSafe(string s) =>
        SafePlain().IsMatch(s) && YamlValueReader.Read(s) is { Problems.Count: 0, Value: string read } && read == s;

    [GeneratedRegex(@"^[A-Za-z_/$][A-Za-z0-9_./$()-]*(?: [A-Za-z0-9_./$(),'-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafePlain();
}
