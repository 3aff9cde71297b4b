using System.Diagnostics;

namespace ServerlessFlow.Runtime.Tests.Support;

/// <summary>A bare git repository made in a test, holding one pack at several tags: what <c>sflow pack install
/// &lt;url&gt;=&lt;tag&gt;</c> clones. Uses the real <c>git</c> client.</summary>
internal sealed class GitPackRepository
{
    private readonly string work;

    public GitPackRepository(string root)
    {
        work = Path.Combine(root, "work");
        BarePath = Path.Combine(root, "pack.git");
        Directory.CreateDirectory(work);
        Git(root, "init", "--quiet", "--bare", BarePath);
        Git(work, "init", "--quiet", "-b", "main");
        Git(work, "remote", "add", "origin", BarePath);
    }

    /// <summary>The bare repository's folder.</summary>
    public string BarePath { get; }

    /// <summary>The repository's URL (<c>file://…</c>).</summary>
    public string Url => "file://" + BarePath;

    /// <summary>Replaces the work tree with <paramref name="files"/> (relative path → text), commits, tags <paramref name="tag"/>
    /// and pushes both.</summary>
    public void Publish(string tag, IReadOnlyDictionary<string, string> files)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(work).Where(e => Path.GetFileName(e) != ".git"))
        {
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }

        foreach (var (path, text) in files)
        {
            var full = Path.Combine(work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Git(work, "add", "-A");
        Git(work, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", tag);
        Git(work, "tag", tag);
        Git(work, "push", "--quiet", "origin", "main", tag);
    }

    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }
}
