using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Packs;

/// <summary>
/// Feeds the loader every file of StackStorm's core and examples packs and of our own packs, cut
/// short and with fields replaced by values of the wrong type: loading and cross-checking must never
/// throw, and every diagnostic must name a real position.
/// </summary>
public class PackLoaderRobustnessTests
{
    private static readonly object?[] WrongValues = [null, 5L, "text", new List<object?> { "x" }, new Dictionary<string, object?> { ["a"] = 1L }];

    public static TheoryData<string> Packs() => new() { "st2:core", "st2:examples", "own:core", "own:examples" };

    [SkippableTheory]
    [MemberData(nameof(Packs))]
    public void Load_EveryFileCutShort_NeverThrows(string pack)
    {
        var files = ReadPack(pack);
        foreach (var fraction in (double[])[0.1, 0.33, 0.5, 0.77, 0.95])
        {
            var cut = files.ToDictionary(f => f.Key, f => f.Value[..(int)(f.Value.Length * fraction)], StringComparer.Ordinal);

            AssertLoadsCleanly(cut);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Packs))]
    public void Load_FieldsReplacedByWrongTypes_NeverThrows(string pack)
    {
        // Variant (k, wrong): in every file at once, the k-th top-level field becomes a wrong-typed value;
        // variant (k, j): the j-th field inside the k-th becomes a list.
        var parsed = ReadPack(pack).ToDictionary(f => f.Key, f => YamlValueReader.Read(f.Value).Value as Dictionary<string, object?>, StringComparer.Ordinal);
        var errors = 0;
        for (var k = 0; k < 6; k++)
        {
            foreach (var wrong in WrongValues)
            {
                errors += AssertLoadsCleanly(Mutate(parsed, root => Replace(root, k, _ => wrong)));
            }

            for (var j = 0; j < 4; j++)
            {
                errors += AssertLoadsCleanly(Mutate(parsed, root => Replace(root, k, value => value is Dictionary<string, object?> child ? Replace(child, j, _ => new List<object?> { 1L }) : value)));
            }
        }

        Assert.True(errors > 20, $"the mutations produced only {errors} errors");
    }

    private static Dictionary<string, object?> Replace(Dictionary<string, object?> map, int index, Func<object?, object?> change)
    {
        var copy = new Dictionary<string, object?>(map, StringComparer.Ordinal);
        if (index < map.Count)
        {
            var key = map.Keys.ElementAt(index);
            copy[key] = change(map[key]);
        }

        return copy;
    }

    private static Dictionary<string, string> Mutate(Dictionary<string, Dictionary<string, object?>?> parsed, Func<Dictionary<string, object?>, object?> change) =>
        parsed.ToDictionary(f => f.Key, f => f.Value is null ? string.Empty : JsonText.Serialize(change(f.Value)), StringComparer.Ordinal);

    private static int AssertLoadsCleanly(Dictionary<string, string> files)
    {
        var loaded = PackLoader.Load(new InMemoryPackSource("p", files));
        var catalog = PackCatalog.Create([loaded]);

        foreach (var d in catalog.Diagnostics)
        {
            Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString());
            Assert.False(string.IsNullOrWhiteSpace(d.Code), d.ToString());
            Assert.False(string.IsNullOrWhiteSpace(d.Message), d.ToString());
        }

        return catalog.Diagnostics.Count(d => d.IsError);
    }

    private static Dictionary<string, string> ReadPack(string pack)
    {
        var folder = pack.Split(':') switch
        {
            ["st2", var name] => Path.Combine(RepositoryPaths.St2Packs, name),
            [_, var name] => Path.Combine(RepositoryPaths.Root, "packs", name),
            _ => throw new ArgumentException(pack),
        };
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText, StringComparer.Ordinal);
        Assert.NotEmpty(files);
        return files;
    }
}
