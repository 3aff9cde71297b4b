using System.Text.RegularExpressions;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// The <c>git</c> client, run as a child process with an argument vector (StackStorm's pack install drives the same client
/// through GitPython): clones a pack repository and checks out a branch, tag or commit as <c>st2 pack install</c> resolves
/// them. Non-interactive: a repository that asks for credentials fails instead of waiting for a prompt.
/// </summary>
public sealed partial class GitClient
{
    private readonly string executable;
    private readonly TimeSpan timeout;

    /// <summary>Uses <paramref name="executable"/> (default <c>git</c> on the PATH); each command may take <paramref name="timeout"/> (default 10 minutes).</summary>
    public GitClient(string? executable = null, TimeSpan? timeout = null)
    {
        this.executable = executable ?? "git";
        this.timeout = timeout ?? TimeSpan.FromMinutes(10);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+(?:[-+].*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    /// <summary>Clones <paramref name="url"/> into <paramref name="directory"/> and checks out <paramref name="gitRef"/> (null:
    /// the default branch). A ref is tried as a branch, then a tag or commit, then <c>v&lt;ref&gt;</c> when it looks like a
    /// version, as StackStorm does. Returns the commit checked out; throws <see cref="PackInstallException"/> naming the
    /// repository and, for an unknown ref, the versions it has.</summary>
    public async Task<string> CloneAsync(string url, string? gitRef, string directory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var clone = await RunAsync(null, cancellationToken, "clone", "--quiet", "--", url, directory).ConfigureAwait(false);
        if (clone.ExitCode != 0)
        {
            throw new PackInstallException($"git could not clone {url}: {Tail(clone)}");
        }

        if (string.IsNullOrEmpty(gitRef))
        {
            return await HeadAsync(directory, cancellationToken).ConfigureAwait(false);
        }

        var candidates = new List<string> { "refs/remotes/origin/" + gitRef, gitRef };
        if (VersionPattern().IsMatch(gitRef))
        {
            candidates.Add("v" + gitRef);
        }

        foreach (var candidate in candidates)
        {
            var parsed = await RunAsync(directory, cancellationToken, "rev-parse", "--verify", "--quiet", candidate + "^{commit}").ConfigureAwait(false);
            if (parsed.ExitCode != 0)
            {
                continue;
            }

            var commit = parsed.Stdout.Trim();
            var checkout = await RunAsync(directory, cancellationToken, "checkout", "--quiet", "--detach", commit).ConfigureAwait(false);
            if (checkout.ExitCode != 0)
            {
                throw new PackInstallException($"git could not check out {gitRef} ({commit}) of {url}: {Tail(checkout)}");
            }

            return commit;
        }

        var versions = await VersionsAsync(directory, cancellationToken).ConfigureAwait(false);
        throw new PackInstallException(
            $"\"{gitRef}\" is not a valid version, hash, tag or branch in {url}." + (versions.Count > 0 ? $" Available versions are: {string.Join(", ", versions)}." : string.Empty));
    }

    /// <summary>The commit checked out in <paramref name="directory"/>.</summary>
    public async Task<string> HeadAsync(string directory, CancellationToken cancellationToken)
    {
        var head = await RunAsync(directory, cancellationToken, "rev-parse", "HEAD").ConfigureAwait(false);
        if (head.ExitCode != 0)
        {
            throw new PackInstallException($"git could not read the commit checked out in {directory}: {Tail(head)}");
        }

        return head.Stdout.Trim();
    }

    /// <summary>Whether <paramref name="directory"/> is a git repository (a work tree or a bare repository).</summary>
    public static bool IsRepository(string directory) =>
        Directory.Exists(Path.Combine(directory, ".git"))
        || (File.Exists(Path.Combine(directory, "HEAD")) && Directory.Exists(Path.Combine(directory, "objects")) && Directory.Exists(Path.Combine(directory, "refs")));

    /// <summary>The tags named <c>vX.Y.Z</c>, without the <c>v</c> (StackStorm's "available versions").</summary>
    private async Task<IReadOnlyList<string>> VersionsAsync(string directory, CancellationToken cancellationToken)
    {
        var tags = await RunAsync(directory, cancellationToken, "tag", "--list").ConfigureAwait(false);
        return tags.ExitCode != 0
            ? []
            : tags.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(t => t.StartsWith('v') && VersionPattern().IsMatch(t[1..]))
                .Select(t => t[1..])
                .ToList();
    }

    private async Task<ShellProcessResult> RunAsync(string? workingDirectory, CancellationToken cancellationToken, params string[] arguments)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["GIT_ASKPASS"] = "/bin/echo",
            ["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes",
            ["LC_ALL"] = "C",
        };
        try
        {
            return await ShellProcess.RunAsync(executable, arguments, workingDirectory, environment, timeout, TimeProvider.System, 256 * 1024, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new PackInstallException($"Cannot run '{executable}' to fetch packs from git: {ex.Message} (on Debian, install the git package)", ex);
        }
    }

    private static string Tail(ShellProcessResult result)
    {
        if (result.TimedOut)
        {
            return "it did not finish in time";
        }

        var lines = (result.Stderr + "\n" + result.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? $"exit code {result.ExitCode}" : string.Join(" | ", lines.TakeLast(4));
    }
}
