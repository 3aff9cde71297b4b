using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>A pack folder on disk, read for the pure <see cref="PackLoader"/>. Hidden folders and links are skipped.</summary>
public sealed class FileSystemPackSource : IPackSource
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string _root;

    /// <summary>Creates a source for <paramref name="folder"/>, named in diagnostics as <paramref name="location"/>.</summary>
    public FileSystemPackSource(string folder, string location)
    {
        _root = Path.GetFullPath(folder);
        Location = location;
        FolderName = Path.GetFileName(_root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <inheritdoc/>
    public string FolderName { get; }

    /// <inheritdoc/>
    public IReadOnlyList<PackFileInfo> ListFiles()
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden,
        };
        var result = new List<PackFileInfo>();
        foreach (var path in Directory.EnumerateFiles(_root, "*", options))
        {
            var relative = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.Split('/').Any(segment => segment.StartsWith('.')))
            {
                continue;
            }

            result.Add(new PackFileInfo(relative, new FileInfo(path).Length));
        }

        return result;
    }

    /// <summary>
    /// The pack's content hash (<c>sha256:</c> and 64 hex digits) over every file <see cref="ListFiles"/> lists, in ordinal
    /// order of their paths: each path, its length and its bytes. Hidden files (<c>.git/</c>) do not count, so the same
    /// content cloned twice, copied or unpacked from Blob Storage hashes the same.
    /// </summary>
    public string ComputeContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var file in ListFiles().OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(file.Path));
            hash.AppendData([0]);
            var bytes = File.ReadAllBytes(Path.Combine(_root, file.Path));
            BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <inheritdoc/>
    public bool Exists(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        var inside = full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && (File.Exists(full) || Directory.Exists(full));
    }

    /// <inheritdoc/>
    public bool TryReadText(string relativePath, out string text, out string error)
    {
        try
        {
            text = File.ReadAllText(Path.Combine(_root, relativePath), StrictUtf8);
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                text = text[1..];
            }

            error = string.Empty;
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            error = "it is not valid UTF-8 text";
            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            text = string.Empty;
            error = ex.Message;
            return false;
        }
    }
}
