using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Orquesta.Specs;

/// <summary>Orquesta's inline parameters (<c>action: core.echo message=&lt;% ctx().x %&gt;</c>,
/// <c>publish: a=1 b="x"</c>), parsed as <c>orquesta/utils/parameters.py</c> does.</summary>
public static partial class InlineParameters
{
    [GeneratedRegex("""([\w]+)=(\[.*\]\s*|"[^"]*"\s*|'[^']*'\s*|[-]?\d*\.\d+|[-]?\d+|(?i:true)|(?i:false)|null|<%.*?%>|{{.*?}}|{%.*?%})""", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("""^"[^"]*"\s*|^'[^']*'\s*|"[^"]*"\s*|'[^']*'\s*""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedPattern();

    /// <summary>The parameters in <paramref name="text"/>, in order (an empty list when there are none).</summary>
    public static List<KeyValuePair<string, object?>> Parse(string? text)
    {
        var result = new List<KeyValuePair<string, object?>>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (Match match in ParameterPattern().Matches(text))
        {
            var key = match.Groups[1].Value;
            var raw = match.Groups[2].Value.Trim();
            var quotesInParam = QuotedPattern().IsMatch(raw);
            if (raw.StartsWith('"'))
            {
                raw = raw[1..];
            }

            if (raw.EndsWith('"'))
            {
                raw = raw[..^1];
            }

            if (raw.StartsWith('\''))
            {
                raw = raw[1..];
            }

            if (raw.EndsWith('\''))
            {
                raw = raw[..^1];
            }

            var quotesInString = false;
            if (raw.Length > 0)
            {
                var curly = raw[0] == '{' && raw[^1] == '}';
                quotesInString = quotesInParam && !curly;
            }

            object? value = raw;
            if (!quotesInString)
            {
                var candidate = raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw.Equals("false", StringComparison.OrdinalIgnoreCase)
                    ? raw.ToLowerInvariant()
                    : raw;
                if (JsonText.TryParse(candidate, out var parsed, out _))
                {
                    value = parsed;
                }
            }

            result.Add(new KeyValuePair<string, object?>(key, value));
        }

        return result;
    }
}
