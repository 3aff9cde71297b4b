using System.Text.RegularExpressions;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// Where one pack of <c>sflow pack install</c> comes from, as <c>st2 pack install</c> reads its argument:
/// <c>&lt;source&gt;[=&lt;ref&gt;]</c>, where the source is a git URL (<c>https://…</c>, <c>ssh://…</c>, <c>git@host:…</c>,
/// <c>file://…</c>), a GitHub <c>owner/repo</c> short form, a folder on this machine (a git repository, bare or not, is
/// cloned; any other folder is copied), or a StackStorm Exchange pack name (<c>csv</c>, cloned from
/// <c>https://github.com/StackStorm-Exchange/stackstorm-csv</c>, which is what Exchange's index names).
/// </summary>
/// <param name="Text">The argument as given.</param>
/// <param name="Location">The URL or absolute folder path.</param>
/// <param name="Ref">The branch, tag, commit or version after <c>=</c>; null for the default branch.</param>
/// <param name="IsLocalFolder">True when <paramref name="Location"/> is a folder on this machine.</param>
public sealed partial record PackInstallSource(string Text, string Location, string? Ref, bool IsLocalFolder)
{
    /// <summary>StackStorm's separator between a pack and its version (<c>PACK_VERSION_SEPARATOR</c>).</summary>
    public const char VersionSeparator = '=';

    [GeneratedRegex(@"^[a-z0-9_\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ExchangeName();

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+/[A-Za-z0-9_.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubShortForm();

    /// <summary>Reads one argument; relative folders resolve against <paramref name="currentDirectory"/>. Throws
    /// <see cref="PackInstallException"/> naming the argument when it is empty or names nothing usable.</summary>
    public static PackInstallSource Parse(string text, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(currentDirectory);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw new PackInstallException("An empty pack name was given; give a git URL, a folder, or a StackStorm Exchange pack name.");
        }

        // The version follows the last '=' (URLs with '=' in their query keep it: StackStorm splits the same way).
        string location = trimmed;
        string? gitRef = null;
        var separator = trimmed.LastIndexOf(VersionSeparator);
        if (separator > 0)
        {
            location = trimmed[..separator];
            gitRef = trimmed[(separator + 1)..];
            if (gitRef.Length == 0)
            {
                throw new PackInstallException($"'{text}' names no version after '{VersionSeparator}'.");
            }
        }

        if (location.StartsWith("file://", StringComparison.Ordinal))
        {
            var path = Uri.UnescapeDataString(location["file://".Length..]);
            return new PackInstallSource(text, Path.GetFullPath(path), gitRef, IsLocalFolder: true);
        }

        if (location.Contains("://", StringComparison.Ordinal) || location.StartsWith("git@", StringComparison.Ordinal) || location.StartsWith("gitlab@", StringComparison.Ordinal))
        {
            return new PackInstallSource(text, location, gitRef, IsLocalFolder: false);
        }

        var folder = Path.GetFullPath(Path.Combine(currentDirectory, location));
        if (Directory.Exists(folder))
        {
            return new PackInstallSource(text, folder, gitRef, IsLocalFolder: true);
        }

        if (location.StartsWith('.') || location.StartsWith('/') || location.StartsWith('~'))
        {
            throw new PackInstallException($"Folder '{folder}' (from '{text}') does not exist.");
        }

        if (GitHubShortForm().IsMatch(location))
        {
            return new PackInstallSource(text, "https://github.com/" + location, gitRef, IsLocalFolder: false);
        }

        if (ExchangeName().IsMatch(location))
        {
            return new PackInstallSource(text, $"https://github.com/StackStorm-Exchange/stackstorm-{location}", gitRef, IsLocalFolder: false);
        }

        throw new PackInstallException($"'{text}' is neither a git URL, a folder on this machine, a GitHub owner/repo nor a StackStorm Exchange pack name.");
    }
}
