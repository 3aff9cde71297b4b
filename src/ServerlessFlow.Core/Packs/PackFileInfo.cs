namespace ServerlessFlow.Core.Packs;

/// <summary>One file of a pack as its source lists it.</summary>
/// <param name="Path">Path relative to the pack folder, with '/' separators (<c>actions/local.yaml</c>).</param>
/// <param name="Size">Size in bytes, so oversized files can be refused before they are read.</param>
public sealed record PackFileInfo(string Path, long Size);
