using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Runtime.Tests.Support;

/// <summary>Loads packs for tests: StackStorm's core pack metadata from TestData, or a pack written to a temp folder.</summary>
internal static class CorePack
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "packs", "core");

    public static PackCatalog Catalog { get; } = Load(Directory);

    public static ActionSpec Action(string actionRef) =>
        Catalog.FindAction(actionRef) ?? throw new InvalidOperationException($"Test pack has no action {actionRef}.");

    public static PackCatalog Load(string folder)
    {
        var files = System.IO.Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        var result = PackLoader.Load(new InMemoryPackSource(folder, files, Path.GetFileName(folder)));
        var catalog = PackCatalog.Create([result]);
        if (catalog.HasErrors)
        {
            throw new InvalidOperationException("Test pack has errors: " + string.Join("; ", catalog.Diagnostics.Select(d => d.ToString())));
        }

        return catalog;
    }
}
