namespace ServerlessFlow.Core.Packs;

/// <summary>A pack held in memory as (path, text) pairs: for tests and for packs shipped as resources.</summary>
public sealed class InMemoryPackSource : IPackSource
{
    private readonly Dictionary<string, string> _files;

    /// <summary>Creates a source from pack-relative paths ('/' separators) and their text.</summary>
    public InMemoryPackSource(string location, IReadOnlyDictionary<string, string> files, string? folderName = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(files);
        Location = location;
        FolderName = folderName ?? location.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? location;
        _files = new Dictionary<string, string>(files, StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public string FolderName { get; }

    /// <inheritdoc/>
    public IReadOnlyList<PackFileInfo> ListFiles() =>
        _files.Select(f => new PackFileInfo(f.Key, System.Text.Encoding.UTF8.GetByteCount(f.Value))).ToList();

    /// <inheritdoc/>
    public bool Exists(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var path = relativePath.TrimEnd('/');
        return _files.ContainsKey(path) || _files.Keys.Any(k => k.StartsWith(path + "/", StringComparison.Ordinal));
    }

    /// <inheritdoc/>
    public bool TryReadText(string relativePath, out string text, out string error)
    {
        if (_files.TryGetValue(relativePath, out var found))
        {
            text = found;
            error = string.Empty;
            return true;
        }

        text = string.Empty;
        error = "no such file";
        return false;
    }
}
