using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Tests.Packs;

/// <summary>Builds small in-memory packs for loader tests.</summary>
internal static class PackFixture
{
    public const string PackYaml = "name: demo\ndescription: Demo pack.\nversion: 1.0.0\nauthor: Tester\n";

    public static InMemoryPackSource Source(params (string Path, string Text)[] files)
    {
        var map = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        map.TryAdd("pack.yaml", PackYaml);
        return new InMemoryPackSource("demo", map);
    }

    public static PackLoadResult Load(params (string Path, string Text)[] files) => PackLoader.Load(Source(files));

    public static PackCatalog Catalog(params (string Path, string Text)[] files) => PackCatalog.Create([Load(files)]);

    public static string[] Lines(IEnumerable<PackDiagnostic> diagnostics) => diagnostics.Select(d => d.ToString()).ToArray();
}
