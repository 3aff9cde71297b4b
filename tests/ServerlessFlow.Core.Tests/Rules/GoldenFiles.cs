using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>Reads the golden files copied next to the test assembly.</summary>
internal static class GoldenFiles
{
    public static Dictionary<string, object?> Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Rules", "golden", name);
        return (Dictionary<string, object?>)JsonText.Parse(File.ReadAllText(path))!;
    }

    /// <summary>The names of a golden file's "cases", for a theory's MemberData.</summary>
    public static TheoryData<string> CaseNames(Dictionary<string, object?> golden)
    {
        var data = new TheoryData<string>();
        foreach (var c in (List<object?>)golden["cases"]!)
        {
            data.Add((string)((Dictionary<string, object?>)c!)["name"]!);
        }

        return data;
    }

    /// <summary>The golden case called <paramref name="name"/>.</summary>
    public static Dictionary<string, object?> Case(Dictionary<string, object?> golden, string name) =>
        ((List<object?>)golden["cases"]!).Cast<Dictionary<string, object?>>().Single(x => (string)x["name"]! == name);

    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Rules", relative);
}
