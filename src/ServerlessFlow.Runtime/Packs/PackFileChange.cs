using System.Text;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// Files of one pack written or deleted together, with what they held before, so that a change the pack's check refuses is
/// undone and leaves the folder as it was. Paths are relative to the pack folder and may not leave it.
/// </summary>
internal sealed class PackFileChange
{
    private readonly string root;
    private readonly string display;
    private readonly List<(string Full, byte[]? Before)> touched = [];

    /// <summary>A change in the pack folder <paramref name="packLocation"/> (as the pack's diagnostics name it).</summary>
    public PackFileChange(string packLocation)
    {
        root = Path.GetFullPath(packLocation);
        display = packLocation.TrimEnd('/', Path.DirectorySeparatorChar);
    }

    /// <summary>The files changed, as the pack's diagnostics name them (<c>{pack location}/actions/x.yaml</c>).</summary>
    public IReadOnlyList<string> DisplayPaths => [.. touched.Select(t => display + "/" + Path.GetRelativePath(root, t.Full).Replace(Path.DirectorySeparatorChar, '/'))];

    /// <summary>The full path of <paramref name="relativePath"/>, or an exception naming it when it would leave the pack folder
    /// (an absolute path, <c>..</c>) or name a hidden file.</summary>
    public string Resolve(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var parts = relativePath.Split('/', '\\');
        if (relativePath.Length == 0 || Path.IsPathRooted(relativePath) || parts.Any(p => p.Length == 0 || p == "." || p == ".." || p.StartsWith('.')))
        {
            throw new PackInstallException($"File path '{relativePath}' is not a plain path inside the pack folder (no absolute paths, '..', empty or hidden parts).");
        }

        var full = Path.GetFullPath(Path.Combine(root, Path.Combine(parts)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new PackInstallException($"File path '{relativePath}' is not located inside the pack directory.");
        }

        return full;
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8) to <paramref name="relativePath"/>, creating its folder.</summary>
    public void Write(string relativePath, string text)
    {
        var full = Remember(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>Deletes <paramref name="relativePath"/> when it exists.</summary>
    public void Delete(string relativePath)
    {
        var full = Remember(relativePath);
        File.Delete(full);
    }

    /// <summary>Puts every file touched back as it was (or removes it when it did not exist).</summary>
    public void Undo()
    {
        foreach (var (full, before) in Enumerable.Reverse(touched))
        {
            if (before is null)
            {
                File.Delete(full);
            }
            else
            {
                File.WriteAllBytes(full, before);
            }
        }

        touched.Clear();
    }

    private string Remember(string relativePath)
    {
        var full = Resolve(relativePath);
        if (!touched.Any(t => t.Full == full))
        {
            touched.Add((full, File.Exists(full) ? File.ReadAllBytes(full) : null));
        }

        return full;
    }
}
