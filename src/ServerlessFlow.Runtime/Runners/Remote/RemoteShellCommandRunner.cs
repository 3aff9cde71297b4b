namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>The <c>remote-shell-cmd</c> runner (<c>core.remote</c>, <c>core.remote_sudo</c>): runs <c>cmd</c> on every host over
/// SSH. The command text is the action's own; values its <c>{{ … }}</c> templates refer to are exported as quoted
/// environment variables and referenced from the command, never pasted into it.</summary>
public sealed class RemoteShellCommandRunner : RemoteShellRunnerBase
{
    /// <summary>Creates the runner.</summary>
    public RemoteShellCommandRunner(TimeProvider time, RemoteRunnerOptions? options = null)
        : base(time, options ?? new RemoteRunnerOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "remote-shell-cmd";

    /// <inheritdoc/>
    protected override RemoteCommandPlan Plan(ActionRunRequest request, string environmentExports, string? cwd, bool sudo, bool sudoPassword)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.EntryPointPath is not null)
        {
            throw new ArgumentException($"Action \"{request.ActionRef}\" specified \"entry_point\" attribute. Perhaps wanted to use \"remote-shell-script\" runner?");
        }

        var cmd = RunnerParameters.String(request.RunnerParameters, "cmd");
        if (string.IsNullOrWhiteSpace(cmd))
        {
            throw new ArgumentException("runner parameter 'cmd' is required and must not be empty.");
        }

        return new RemoteCommandPlan(Compose(environmentExports, cwd, cmd, sudo, sudoPassword), cmd, null, sudo);
    }
}
