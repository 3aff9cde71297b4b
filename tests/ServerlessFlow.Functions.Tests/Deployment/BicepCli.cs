using System.Diagnostics;

namespace ServerlessFlow.Functions.Tests.Deployment;

/// <summary>Runs the bicep binary from the Azure.Bicep.CommandLine NuGet package.</summary>
internal static class BicepCli
{
    public static BicepResult Run(params string[] arguments)
    {
        var path = TestPaths.BicepPath;
        if (!OperatingSystem.IsWindows())
        {
            // NuGet extracts files without the executable bit.
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        var start = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return new BicepResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

/// <summary>Exit code and output of one bicep run.</summary>
internal sealed record BicepResult(int ExitCode, string Output, string Error);
