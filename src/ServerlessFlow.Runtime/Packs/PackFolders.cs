using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>Finds the pack folders a command line names: a pack folder itself, or a folder of packs.</summary>
public static class PackFolders
{
    private static readonly string[] PackMarkers = ["pack.yaml", "actions", "rules", "sensors", "triggers"];

    /// <summary>The packs under each argument, or the arguments that hold none (as diagnostics).</summary>
    public static (List<IPackSource> Sources, List<PackDiagnostic> Problems) Find(IEnumerable<string> arguments)
    {
        var sources = new List<IPackSource>();
        var problems = new List<PackDiagnostic>();
        foreach (var argument in arguments)
        {
            var location = argument.Replace('\\', '/').TrimEnd('/');
            if (location.Length == 0)
            {
                location = argument;
            }

            if (!Directory.Exists(argument))
            {
                problems.Add(new PackDiagnostic(DiagnosticSeverity.Error, "no-such-folder", location, 1, 1, "this folder does not exist"));
                continue;
            }

            if (IsPack(argument))
            {
                sources.Add(new FileSystemPackSource(argument, location));
                continue;
            }

            List<string> found;
            try
            {
                found = Directory.EnumerateDirectories(argument)
                    .Where(d => !Path.GetFileName(d).StartsWith('.') && IsPack(d))
                    .Order(StringComparer.Ordinal)
                    .ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.FileUnreadable, location, 1, 1, "this folder could not be listed: " + ex.Message));
                continue;
            }

            if (found.Count == 0)
            {
                problems.Add(new PackDiagnostic(DiagnosticSeverity.Error, "no-packs", location, 1, 1, "this folder is not a pack (no pack.yaml, actions/, rules/, sensors/ or triggers/) and holds no pack folders"));
            }

            foreach (var folder in found)
            {
                sources.Add(new FileSystemPackSource(folder, location + "/" + Path.GetFileName(folder)));
            }
        }

        return (sources, problems);
    }

    private static bool IsPack(string folder) =>
        PackMarkers.Any(marker => File.Exists(Path.Combine(folder, marker)) || Directory.Exists(Path.Combine(folder, marker)));
}
