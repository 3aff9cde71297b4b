using System.Reflection;

namespace ServerlessFlow.Functions.Tests;

/// <summary>Paths written into the test assembly at build time (see the csproj).</summary>
internal static class TestPaths
{
    public static string BicepPath => Metadata("BicepPath");

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string Infra => Path.Combine(RepositoryRoot, "infra");

    public static string FunctionsMetadata => Path.Combine(Metadata("FunctionsOutputDirectory"), "functions.metadata");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing; rebuild the test project.");
}
