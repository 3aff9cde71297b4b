using System.Diagnostics;
using ServerlessFlow.Runtime.WebConsole;

namespace ServerlessFlow.Console.Tests;

/// <summary>
/// The console's build: <c>web/dist</c> is checked in (so a fresh clone's run command serves the console with no build step)
/// and must be exactly what Vite builds from <c>web/src</c>; the TypeScript unit tests (Vitest) pass; the files embedded in
/// the Runtime assembly are that build.
/// </summary>
public sealed class ConsoleBuildTests
{
    private static readonly string Web = Path.Combine(ConsoleServer.RepositoryRoot, "web");
    private static readonly string Dist = Path.Combine(Web, "dist");

    private static string? MissingToolchain() =>
        File.Exists(Path.Combine(Web, "node_modules", "vite", "bin", "vite.js"))
            ? null
            : "web/node_modules is not installed (the README's test command runs `npm ci --prefix web`): the console's build checks are skipped.";

    [Fact]
    public void EmbeddedConsole_Files_AreTheCheckedInBuild()
    {
        var assets = ConsoleAssets.Embedded;
        var files = Directory.EnumerateFiles(Dist, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Dist, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(assets.IsAvailable);
        Assert.Equal(files, assets.Paths.Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(Dist, file)), assets.Find(file)!.Content.ToArray());
        }

        // Every asset is reached from the page or from another asset (the layout worker from the main script).
        foreach (var asset in files.Where(f => f.StartsWith("assets/", StringComparison.Ordinal)))
        {
            var name = Path.GetFileName(asset);
            Assert.Contains(files.Where(f => f != asset), f => System.Text.Encoding.UTF8.GetString(assets.Find(f)!.Content.Span).Contains(name, StringComparison.Ordinal));
        }

        Assert.Contains("script-src 'self'", assets.Find("index.html")!.Headers["Content-Security-Policy"], StringComparison.Ordinal);
        Assert.Equal("public, max-age=31536000, immutable", assets.Find(files.First(f => f.EndsWith(".js", StringComparison.Ordinal)))!.CacheControl);
        Assert.Equal("no-cache", assets.Find("index.html")!.CacheControl);
        Assert.Null(assets.Find("assets/missing.js"));
    }

    [SkippableFact]
    public async Task ViteBuild_FromTheSources_ReproducesTheCheckedInDist()
    {
        Skip.If(MissingToolchain() is not null, MissingToolchain());
        var output = Directory.CreateTempSubdirectory("sflow-console-build-").FullName;
        try
        {
            await RunNodeAsync(Path.Combine("node_modules", "typescript", "bin", "tsc"), "--noEmit");
            await RunNodeAsync(Path.Combine("node_modules", "vite", "bin", "vite.js"), "build", "--outDir", output, "--emptyOutDir", "--logLevel", "warn");

            string[] Files(string root) => [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal)];
            const string Advice = "web/dist is not what web/src builds: run `npm run build --prefix web` and commit web/dist.";
            Assert.True(Files(output).SequenceEqual(Files(Dist)), $"{Advice} Built: {string.Join(", ", Files(output))}; checked in: {string.Join(", ", Files(Dist))}.");
            foreach (var file in Files(output))
            {
                Assert.True(File.ReadAllBytes(Path.Combine(output, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Dist, file))), $"{Advice} {file} differs.");
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [SkippableFact]
    public async Task Vitest_ConsoleUnitTests_AllPass()
    {
        Skip.If(MissingToolchain() is not null, MissingToolchain());
        await RunNodeAsync(Path.Combine("node_modules", "vitest", "vitest.mjs"), "run", "--reporter=dot");
    }

    private static async Task RunNodeAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Web,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NO_COLOR"] = "1";
        start.Environment["CI"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // Hang guard for a loaded machine, not a timing assertion.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(guard.Token);
        Assert.True(process.ExitCode == 0, $"node {script} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
