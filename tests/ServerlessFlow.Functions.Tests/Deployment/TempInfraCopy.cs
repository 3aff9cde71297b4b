namespace ServerlessFlow.Functions.Tests.Deployment;

/// <summary>A copy of infra/ (templates and bicepconfig.json) in a temporary folder, deleted on dispose.</summary>
internal sealed class TempInfraCopy : IDisposable
{
    public TempInfraCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "sflow-infra-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.EnumerateFiles(TestPaths.Infra, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(TestPaths.Infra, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(Root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public string Root { get; }

    public string MainBicep => Path.Combine(Root, "main.bicep");

    public void Edit(string relativePath, Func<string, string> change)
    {
        var path = Path.Combine(Root, relativePath);
        var before = File.ReadAllText(path);
        var after = change(before);
        if (before == after)
        {
            throw new InvalidOperationException($"The edit of {relativePath} changed nothing; the test would prove nothing.");
        }

        File.WriteAllText(path, after);
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
