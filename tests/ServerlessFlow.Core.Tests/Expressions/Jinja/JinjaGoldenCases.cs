using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>Loads golden/jinja/jinja_cases.json (written by generate.py from real Jinja2).</summary>
internal static class JinjaGoldenCases
{
    private static readonly Lazy<(Dictionary<string, object?> Contexts, Dictionary<string, Dictionary<string, object?>> Cases)> Data = new(Load);

    public static Dictionary<string, object?> Contexts => Data.Value.Contexts;

    public static IReadOnlyDictionary<string, Dictionary<string, object?>> Cases => Data.Value.Cases;

    private static (Dictionary<string, object?>, Dictionary<string, Dictionary<string, object?>>) Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Expressions", "golden", "jinja", "jinja_cases.json");
        var root = (Dictionary<string, object?>)JsonText.Parse(File.ReadAllText(path))!;
        var cases = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var item in (List<object?>)root["cases"]!)
        {
            var c = (Dictionary<string, object?>)item!;
            cases[(string)c["id"]!] = c;
        }

        return ((Dictionary<string, object?>)root["contexts"]!, cases);
    }
}
