namespace ServerlessFlow.Core.Tests;

/// <summary>Finds the repository root (the folder holding ServerlessFlow.sln) and the shared folder beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>StackStorm's own core and examples packs, kept beside the repository.</summary>
    public static string St2Packs => Path.GetFullPath(Path.Combine(Root, "..", "shared", "st2-packs"));

    /// <summary>StackStorm's examples pack.</summary>
    public static string St2Examples => Path.Combine(St2Packs, "examples");

    private static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("ServerlessFlow.sln not found above " + AppContext.BaseDirectory);
    }
}
