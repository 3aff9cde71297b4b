using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Benchmarks.Packs;

/// <summary>
/// Loading and cross-checking StackStorm's core and examples packs (235 YAML files) and our own
/// packs, from memory so the figure is the loader's work, not the disk's.
/// </summary>
[MemoryDiagnoser]
public class PackLoadBenchmarks
{
    private InMemoryPackSource[] _st2 = [];
    private InMemoryPackSource[] _own = [];

    [GlobalSetup]
    public void Setup()
    {
        var root = FindRoot();
        _st2 = [Read(Path.Combine(root, "..", "shared", "st2-packs", "core")), Read(Path.Combine(root, "..", "shared", "st2-packs", "examples"))];
        _own = [Read(Path.Combine(root, "packs", "core")), Read(Path.Combine(root, "packs", "examples"))];
    }

    [Benchmark(Description = "st2 core + examples: load and cross-check")]
    public int St2CoreAndExamples() => PackCatalog.Create(_st2.Select(s => PackLoader.Load(s))).Diagnostics.Count;

    [Benchmark(Description = "packs/core + packs/examples: load and cross-check")]
    public int OwnPacks() => PackCatalog.Create(_own.Select(s => PackLoader.Load(s))).Diagnostics.Count;

    private static InMemoryPackSource Read(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText, StringComparer.Ordinal);
        return new InMemoryPackSource(Path.GetFileName(folder), files);
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("ServerlessFlow.sln not found; run the benchmarks from inside the repository");
    }
}
