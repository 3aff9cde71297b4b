using System.Security.Cryptography;

namespace ServerlessFlow.Cli.Serve;

/// <summary>The API key <c>sflow serve</c> requires when none is given: generated on first run (like a notebook server's
/// token), kept in a file only the user can read, beside the data, and reused on every later run.</summary>
internal static class ServeApiKey
{
    /// <summary>The key in <paramref name="path"/>, creating the file with a new random key when it does not exist;
    /// <paramref name="created"/> says whether it was just made (then it is shown once).</summary>
    public static string LoadOrCreate(string path, out bool created)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path).Trim();
            if (existing.Length < 16)
            {
                throw new InvalidOperationException($"The API key file {path} holds no usable key (at least 16 characters); delete it to have a new one made.");
            }

            created = false;
            return existing;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, System.Text.Encoding.ASCII, options);
            writer.Write(key);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another sflow serve made it first: use theirs.
            return LoadOrCreate(path, out created);
        }

        created = true;
        return key;
    }
}
