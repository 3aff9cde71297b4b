using System.Globalization;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>Typed reads of runner parameters with errors naming the parameter.</summary>
internal static class RunnerParameters
{
    public static string? String(Dictionary<string, object?> parameters, string name) =>
        parameters.GetValueOrDefault(name) switch
        {
            null => null,
            string s => s,
            var other => throw new ArgumentException($"Runner parameter '{name}' must be a string, not {PlainValues.JsonTypeName(other)}."),
        };

    public static bool Bool(Dictionary<string, object?> parameters, string name, bool fallback) =>
        parameters.GetValueOrDefault(name) switch
        {
            null => fallback,
            bool b => b,
            var other => throw new ArgumentException($"Runner parameter '{name}' must be a boolean, not {PlainValues.JsonTypeName(other)}."),
        };

    public static double Seconds(Dictionary<string, object?> parameters, string name, double fallback)
    {
        var seconds = parameters.GetValueOrDefault(name) switch
        {
            null => fallback,
            long l => l,
            double d => d,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw new ArgumentException($"Runner parameter '{name}' must be a number of seconds, not {PlainValues.JsonTypeName(other)}."),
        };
        if (double.IsNaN(seconds) || seconds < 0)
        {
            throw new ArgumentException($"Runner parameter '{name}' must be zero or more seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}.");
        }

        return seconds;
    }

    public static Dictionary<string, object?> Object(Dictionary<string, object?> parameters, string name) =>
        parameters.GetValueOrDefault(name) switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            Dictionary<string, object?> d => d,
            var other => throw new ArgumentException($"Runner parameter '{name}' must be an object, not {PlainValues.JsonTypeName(other)}."),
        };

    /// <summary>A value as Python's <c>str()</c> prints it for scalars, JSON for containers (what a shell receives).</summary>
    public static string Text(object? value) => value switch
    {
        null => "None",
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => PythonFloat.Repr(d),
        _ => JsonText.Serialize(value),
    };
}
