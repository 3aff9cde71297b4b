namespace ServerlessFlow.Core.Tests;

/// <summary>Finds the repository root (the folder holding ServerlessFlow.sln) and the shared folder beside it.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static readonly string St2PacksPath = Path.GetFullPath(Path.Combine(Root, "..", "shared", "st2-packs"));

    /// <summary>True when StackStorm's packs are beside the repository (for test data that lists them).</summary>
    public static bool St2PacksPresent => Directory.Exists(St2PacksPath);

    /// <summary>StackStorm's own core and examples packs, kept beside the repository; reading it skips the calling
    /// (skippable) test, saying why, when they are absent.</summary>
    public static string St2Packs
    {
        get
        {
            string path = St2PacksPath;
            Skip.IfNot(Directory.Exists(path), $"StackStorm's packs are not at {path} (../shared/st2-packs beside the repository): this test runs them, so it skips.");
            return path;
        }
    }

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
