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

    public static string PathOf(string relative) => Path.Combine(AppContext.BaseDirectory, "Rules", relative);
}
