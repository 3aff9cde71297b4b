using System.Globalization;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Tests.Security;

/// <summary>Issue #12, finding 7 for actions given standard input (sudo's password, a mail's text): they run under the same
/// watchdog as every local action — in a session of their own, which dies with the host — and read exactly the given text.</summary>
public sealed class StandardInputWatchdogTests
{
    [SkippableFact]
    public async Task RunAsync_WithStandardInput_ActionReadsExactlyTheGivenText()
    {
        Skip.If(OperatingSystem.IsWindows(), "the watchdog needs setsid and /bin/sh");
        const string given = "pass word é\n\nsecond line ends without newline";

        var result = await ShellProcess.RunAsync(
            "/bin/sh", ["-c", "cat; echo '|end'"], null, new Dictionary<string, string>(), TimeSpan.FromMinutes(5), TimeProvider.System, standardInput: given);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(given + "|end\n", result.Stdout);
    }

    [SkippableFact]
    public async Task RunAsync_WithStandardInput_RunsInASessionOfItsOwnUnderTheWatchdog()
    {
        Skip.If(OperatingSystem.IsWindows(), "the watchdog needs setsid and /bin/sh");

        // Field 6 of /proc/<pid>/stat is the session id; the action's parent is the watchdog shell (its script spans lines).
        var result = await ShellProcess.RunAsync(
            "/bin/sh",
            ["-c", "cat >/dev/null; cut -d' ' -f6 /proc/$$/stat; tr '\\0' ' ' </proc/$PPID/cmdline"],
            null,
            new Dictionary<string, string>(),
            TimeSpan.FromMinutes(5),
            TimeProvider.System,
            standardInput: "secret\n");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', 2);
        var hostSession = File.ReadAllText("/proc/self/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        Assert.NotEqual(hostSession, lines[0].Trim());
        Assert.Contains("kill -KILL 0", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("secret", lines[1], StringComparison.Ordinal);
        Assert.True(int.Parse(lines[0], CultureInfo.InvariantCulture) > 0);
    }
}
