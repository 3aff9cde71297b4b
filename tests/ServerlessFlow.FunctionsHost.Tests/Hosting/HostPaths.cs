using System.Reflection;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>Where the app, the packs and the Functions host are (paths fixed at build time, see the csproj).</summary>
public static class HostPaths
{
    /// <summary>Overrides where the Functions host folder is (one holding <c>start</c> and <c>host.tgz</c>).</summary>
    public const string HostFolderVariable = "SFLOW_FUNCTIONS_HOST";

    /// <summary>Set (to anything) to keep the hosts' state folders and logs after the tests, for a look at what happened.</summary>
    public const string KeepLogsVariable = "SFLOW_HOST_TESTS_KEEP_LOGS";

    /// <summary>Whether <see cref="KeepLogsVariable"/> is set.</summary>
    public static bool KeepLogs => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KeepLogsVariable));

    /// <summary>Deletes a host state folder unless <see cref="KeepLogs"/>.</summary>
    public static void DeleteState(string folder)
    {
        if (KeepLogs)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Metadata("RepositoryRoot");

    /// <summary>The Functions app built in Release (the folder with <c>functions.metadata</c> and <c>.azurefunctions</c>).</summary>
    public static string FunctionsApp => Metadata("FunctionsAppDirectory");

    /// <summary>The repository's own packs (<c>packs/</c>), deployed with the app.</summary>
    public static string RepositoryPacks => Path.Combine(RepositoryRoot, "packs");

    /// <summary>Test packs loaded into the shared host beside the repository's (<c>packs/shared/</c> of this project).</summary>
    public static string SharedTestPacks => Path.Combine(Metadata("TestPacks"), "shared");

    /// <summary>Test packs for hosts a test starts itself (<c>packs/&lt;name&gt;/</c> of this project).</summary>
    public static string TestPacks(string name) => Path.Combine(Metadata("TestPacks"), name);

    /// <summary>The Functions host folder: <c>$SFLOW_FUNCTIONS_HOST</c>, else <c>../shared/functions-host</c> beside the repository.</summary>
    public static string HostFolder =>
        Environment.GetEnvironmentVariable(HostFolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "functions-host"));

    /// <summary>The host's <c>start</c> script.</summary>
    public static string StartScript => Path.Combine(HostFolder, "start");

    /// <summary>Why the host tests cannot run here, or null when they can: only a missing Functions host is a reason to skip.</summary>
    public static string? UnavailableReason() =>
        File.Exists(StartScript)
            ? null
            : $"The Azure Functions host is not here: '{StartScript}' is missing (set {HostFolderVariable} to a folder holding the host's start script "
              + "and host.tgz, as ../shared/functions-host does). The Functions host tests are skipped.";

    private static string Metadata(string key) =>
        typeof(HostPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing; rebuild the test project.");
}
