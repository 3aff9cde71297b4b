using System.Diagnostics;
using ServerlessFlow.Cli.Tests.Serve;
using Xunit.Abstractions;
using static ServerlessFlow.Cli.Tests.Security.DurableAcceptanceTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, finding 7 for an action given standard input (<c>core.local_sudo</c> with <c>sudo_password</c>): when the host
/// running it is killed with <c>kill -9</c>, the action's processes die with it.</summary>
public sealed class StandardInputActionCrashTests(ITestOutputHelper log)
{
    [SkippableFact]
    public async Task Run_KilledWhileSudoActionWithPasswordRuns_ActionProcessesDie()
    {
        Skip.If(OperatingSystem.IsWindows(), "the watchdog needs setsid and /bin/sh");
        Skip.IfNot(SudoWorksWithoutPrompt(), "needs sudo that runs without asking (root, or NOPASSWD), so the action runs instead of failing on the password");
        var marker = "sflow-sudo-orphan-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(ServeProcess.DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "sflow.dll"), "run", "core.local_sudo", "--local", "--packs", Path.Combine(RepositoryPaths.Root, "packs"),
            $"cmd=sleep 600; echo {marker}", "sudo_password=not-asked-for", "timeout=900",
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var host = Process.Start(start)!;
        _ = host.StandardOutput.ReadToEndAsync();
        _ = host.StandardError.ReadToEndAsync();
        try
        {
            // The host's own command line holds the marker too: only the others are the action's.
            await WaitAsync(() => ProcessesWith(marker).Any(p => p != host.Id), "the sudo action to start");

            // The host alone, as a crash or the OOM killer would: the action's processes are not signalled by anyone else.
            host.Kill(entireProcessTree: false);
            await host.WaitForExitAsync();
            log.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} killed sflow run");

            await WaitAsync(() => ProcessesWith(marker).Count == 0, "the orphaned sudo action's processes to end");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            foreach (var pid in ProcessesWith(marker))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // Gone already.
                }
            }
        }
    }

    private static bool SudoWorksWithoutPrompt()
    {
        if (!File.Exists("/usr/bin/sudo"))
        {
            return false;
        }

        using var sudo = Process.Start(new ProcessStartInfo("/usr/bin/sudo", ["-n", "true"]) { UseShellExecute = false, RedirectStandardError = true })!;
        sudo.StandardError.ReadToEnd();
        sudo.WaitForExit();
        return sudo.ExitCode == 0;
    }
}
