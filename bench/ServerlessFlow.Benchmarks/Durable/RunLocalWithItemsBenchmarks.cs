using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using ServerlessFlow.Cli;

namespace ServerlessFlow.Benchmarks.Durable;

/// <summary>
/// <c>sflow run bench.noop_items count=N --local</c>, the whole command in this process (pack load, the local Durable
/// engine on its in-memory backend, the workflow, the result): a with-items task over N <c>core.noop</c> items, the
/// number issue #13 set out to bring from about 86 s to a few seconds for N = 1,000, and issue #19 to under 60 s for
/// N = 10,000 at concurrency 100. The workflow's output counts the item results it gathered, and a run that does not gather
/// all N fails instead of looking fast.
/// </summary>
[Config(typeof(Config))]
public class RunLocalWithItemsBenchmarks
{
    private string[] packs = [];

    /// <summary>How many items the with-items task runs.</summary>
    [Params(1000, 10000)]
    public int Items { get; set; } = 1000;

    /// <summary>How many items run at once (0: no limit, every item at once as StackStorm does).</summary>
    [Params(100)]
    public int Concurrency { get; set; } = 100;

    [GlobalSetup]
    public void Setup()
    {
        string root = RepositoryRoot();
        packs = ["--packs", Path.Combine(root, "packs"), "--packs", Path.Combine(root, "bench", "packs")];
    }

    [Benchmark]
    public async Task<long> RunLocal()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await SflowCommand.RunAsync(
            ["run", "bench.noop_items", $"count={Items}", .. (Concurrency > 0 ? [$"concurrency={Concurrency}"] : Array.Empty<string>()), "--local", .. packs, "--json"],
            output,
            error).ConfigureAwait(false);
        using var json = exit == 0 ? JsonDocument.Parse(output.ToString()) : null;
        long gathered = json?.RootElement.GetProperty("result").GetProperty("output").GetProperty("gathered").GetInt64() ?? -1;
        return gathered == Items
            ? gathered
            : throw new InvalidOperationException($"sflow run exited {exit} having gathered {gathered} of {Items} items: {error}");
    }

    private static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException("ServerlessFlow.sln not found; run the benchmarks from inside the repository");
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config() => AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
