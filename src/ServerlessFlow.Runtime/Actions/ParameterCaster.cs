using System.Globalization;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Actions;

/// <summary>Turns command-line text (<c>key=value</c>) into a typed value by the parameter's declared type, as the st2 CLI does:
/// integers and numbers parsed, booleans from true/false/yes/no/1/0, arrays from JSON or comma-separated text, objects from JSON.</summary>
public static class ParameterCaster
{
    /// <summary>Casts <paramref name="text"/> for a parameter of <paramref name="type"/>; throws <see cref="ActionParameterException"/> naming it.</summary>
    public static object? Cast(string name, string? type, string text)
    {
        switch (type)
        {
            case "integer":
                return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
                    ? l
                    : throw new ActionParameterException($"Parameter '{name}': '{text}' is not an integer.");
            case "number":
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    return n;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                    ? d
                    : throw new ActionParameterException($"Parameter '{name}': '{text}' is not a number.");
            case "boolean":
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" or "y" or "on" => true,
                    "false" or "no" or "0" or "n" or "off" => false,
                    _ => throw new ActionParameterException($"Parameter '{name}': '{text}' is not a boolean (true/false)."),
                };
            case "array":
                if (text.TrimStart().StartsWith('['))
                {
                    return ParseJson(name, text) is List<object?> list ? list : throw new ActionParameterException($"Parameter '{name}': '{text}' is not a JSON array.");
                }

                return text.Length == 0 ? new List<object?>() : text.Split(',').Select(s => (object?)s.Trim()).ToList();
            case "object":
                return ParseJson(name, text) is Dictionary<string, object?> obj ? obj : throw new ActionParameterException($"Parameter '{name}': '{text}' is not a JSON object.");
            case null or "string":
                return text;
            default:
                return text;
        }
    }

    private static object? ParseJson(string name, string text) =>
        JsonText.TryParse(text, out var value, out var error)
            ? value
            : throw new ActionParameterException($"Parameter '{name}': '{text}' is not valid JSON ({error}).");
}
