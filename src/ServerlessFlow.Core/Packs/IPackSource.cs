namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Where a pack's files come from. The loader is pure and only reads through this; walking a
/// folder on disk (or a blob container) is the job of an implementation at the edge.
/// </summary>
public interface IPackSource
{
    /// <summary>How diagnostics name the pack folder (<c>packs/core</c>); file names are appended with '/'.</summary>
    string Location { get; }

    /// <summary>The folder's own name, used as the pack ref when pack.yaml is missing or unreadable.</summary>
    string FolderName { get; }

    /// <summary>Every file of the pack, in any order.</summary>
    IReadOnlyList<PackFileInfo> ListFiles();

    /// <summary>True when a file or folder exists at this pack-relative path ('/' separators).</summary>
    bool Exists(string relativePath);

    /// <summary>Reads a listed file as UTF-8 text; on failure returns false with a reason instead of throwing.</summary>
    bool TryReadText(string relativePath, out string text, out string error);
}
