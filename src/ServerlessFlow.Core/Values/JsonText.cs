using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ServerlessFlow.Core.Values;

/// <summary>Reads and writes plain values as JSON text. Output follows Python's
/// <c>json.dumps</c> conventions for numbers (1.0 stays 1.0) so results print as StackStorm prints them.</summary>
public static class JsonText
{
    /// <summary>The deepest nesting <see cref="Parse(string)"/> reads. Values from outside are bounded well below it (webhook
    /// payloads 64 levels, expression results 256, action output 128), so a record that wraps one in a few more levels is always
    /// readable again.</summary>
    public const int MaxReadDepth = 1024;

    /// <summary>Parses JSON text into the plain model (up to <see cref="MaxReadDepth"/> levels); throws <see cref="JsonException"/>
    /// with the position on bad input.</summary>
    public static object? Parse(string json) => Parse(json, MaxReadDepth);

    /// <summary>Parses JSON text nested at most <paramref name="maxDepth"/> levels; throws <see cref="JsonException"/> on bad or
    /// deeper input.</summary>
    public static object? Parse(string json, int maxDepth)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions
        {
            MaxDepth = maxDepth,
            AllowTrailingCommas = false,
            CommentHandling = JsonCommentHandling.Disallow,
        });
        return PlainValues.FromJsonElement(document.RootElement);
    }

    /// <summary>Tries to parse JSON text; returns false (and the parser's message) when it is not JSON.</summary>
    public static bool TryParse(string json, out object? value, out string? error) => TryParse(json, MaxReadDepth, out value, out error);

    /// <summary>Tries to parse JSON text nested at most <paramref name="maxDepth"/> levels; returns false (and the parser's
    /// message) when it is not JSON or nests deeper.</summary>
    public static bool TryParse(string json, int maxDepth, out object? value, out string? error)
    {
        try
        {
            value = Parse(json, maxDepth);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            value = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Serialises a plain value as JSON.</summary>
    public static string Serialize(object? value, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = indented,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
            MaxDepth = 100_000,
        }))
        {
            Write(writer, PlainValues.Normalize(value));
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes one plain value to a JSON writer.</summary>
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    writer.WriteRawValue(PythonFloat.Repr(d), skipInputValidation: true);
                }
                else
                {
                    // Python writes NaN / Infinity, which is not JSON; a string keeps the output parseable.
                    writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case Dictionary<string, object?> dict:
                writer.WriteStartObject();
                foreach (var (key, item) in dict)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                Write(writer, PlainValues.Normalize(value));
                break;
        }
    }
}
