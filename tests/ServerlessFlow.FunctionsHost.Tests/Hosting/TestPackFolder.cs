namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>A temporary folder of pack folders assembled for one host (<c>SFLOW_PACKS_PATH</c> takes one folder), deleted on dispose.</summary>
public sealed class TestPackFolder : IDisposable
{
    private TestPackFolder(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>Copies every pack folder (one holding <c>pack.yaml</c>) directly under each of <paramref name="sources"/>; two
    /// packs of the same name are an error.</summary>
    public static TestPackFolder Assemble(params string[] sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return FromPacks(sources.SelectMany(source => Directory.EnumerateDirectories(source).Where(d => File.Exists(System.IO.Path.Combine(d, "pack.yaml")))).ToArray());
    }

    /// <summary>Copies the given pack folders; two packs of the same name are an error.</summary>
    public static TestPackFolder FromPacks(params string[] packFolders)
    {
        ArgumentNullException.ThrowIfNull(packFolders);
        var folder = new TestPackFolder(Directory.CreateTempSubdirectory("sflow-host-packs-").FullName);
        foreach (var pack in packFolders)
        {
            var target = System.IO.Path.Combine(folder.Path, System.IO.Path.GetFileName(pack));
            if (Directory.Exists(target))
            {
                throw new InvalidOperationException($"Two packs named '{System.IO.Path.GetFileName(pack)}' (the second is {pack}).");
            }

            Copy(pack, target);
        }

        return folder;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            Copy(dir, System.IO.Path.Combine(to, System.IO.Path.GetFileName(dir)));
        }
    }
}
