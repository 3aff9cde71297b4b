using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 8: local action processes are bounded per host, so 1,000 items or webhooks at once do not start
/// 1,000 shells.</summary>
public sealed class ProcessBoundTests
{
    // Each process registers itself in a folder and waits until it sees more processes than the bound (which cannot happen
    // when the bound holds) or until 2 s pass, then reports the most it saw. Unbounded, the processes overlap and report more.
    [Fact]
    public async Task RunAsync_MoreProcessesThanBound_RunsAtMostBoundAtOnce()
    {
        var folder = Directory.CreateTempSubdirectory("sflow-bound-").FullName;
        try
        {
            var bound = ShellProcess.MaxConcurrent;
            var script = $$"""
                touch "$1/$$"
                seen=0; i=0
                while [ $i -lt 20 ]; do
                  n=$(ls "$1" | wc -l); [ "$n" -gt "$seen" ] && seen=$n
                  [ "$n" -gt {{bound}} ] && break
                  sleep 0.1; i=$((i+1))
                done
                rm -f "$1/$$"
                echo "$seen"
                """;
            var runs = Enumerable.Range(0, bound + 2).Select(_ => ShellProcess.RunAsync(
                "/bin/sh", ["-c", script, "sh", folder], null, new Dictionary<string, string>(), TimeSpan.FromMinutes(5), TimeProvider.System));
            var results = await Task.WhenAll(runs);

            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            Assert.All(results, r => Assert.InRange(int.Parse(r.Stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), 1, bound));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
