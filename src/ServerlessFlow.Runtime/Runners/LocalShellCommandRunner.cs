namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>local-shell-cmd</c> runner: runs the <c>cmd</c> runner parameter with the shell. Values from parameters
/// reach the command only through environment variables (see <c>ShellCommandTemplate</c>), never as shell text.</summary>
public sealed class LocalShellCommandRunner : LocalShellRunnerBase
{
    /// <summary>Creates the runner.</summary>
    public LocalShellCommandRunner(TimeProvider time, int captureLimit = ShellProcess.DefaultCaptureLimit)
        : base(time, captureLimit)
    {
    }

    /// <inheritdoc/>
    public override string Name => "local-shell-cmd";

    /// <inheritdoc/>
    protected override (string FileName, IReadOnlyList<string> Arguments) BuildCommand(ActionRunRequest request)
    {
        if (request.EntryPointPath is not null)
        {
            throw new ArgumentException("entry_point is only valid for the local-shell-script runner.");
        }

        var cmd = RunnerParameters.String(request.RunnerParameters, "cmd");
        if (string.IsNullOrWhiteSpace(cmd))
        {
            throw new ArgumentException("runner parameter 'cmd' is required and must not be empty.");
        }

        return (Shell, ["-c", cmd]);
    }
}
