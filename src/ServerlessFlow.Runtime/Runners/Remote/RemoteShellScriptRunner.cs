namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>The <c>remote-shell-script</c> runner: copies the entry point (and the action's <c>lib</c> folder) over SFTP to
/// <c>dir/&lt;execution id&gt;/</c> on every host, runs it with the action parameters as st2 passes them (named
/// <c>{kwarg_op}name=value</c>, then positional), each argument quoted, and removes the folder afterwards.</summary>
public sealed class RemoteShellScriptRunner : RemoteShellRunnerBase
{
    /// <summary>Creates the runner.</summary>
    public RemoteShellScriptRunner(TimeProvider time, RemoteRunnerOptions? options = null)
        : base(time, options ?? new RemoteRunnerOptions())
    {
    }

    /// <inheritdoc/>
    public override string Name => "remote-shell-script";

    /// <inheritdoc/>
    protected override RemoteCommandPlan Plan(ActionRunRequest request, string environmentExports, string? cwd, bool sudo, bool sudoPassword)
    {
        ArgumentNullException.ThrowIfNull(request);
        var script = request.EntryPointPath;
        if (string.IsNullOrEmpty(script))
        {
            throw new ArgumentException($"Action \"{request.ActionRef}\" is missing \"entry_point\" attribute. Perhaps wanted to use \"remote-shell-cmd\" runner?");
        }

        if (!File.Exists(script))
        {
            throw new ArgumentException($"Entry point '{script}' does not exist.");
        }

        var kwargOp = RunnerParameters.String(request.RunnerParameters, "kwarg_op") ?? "--";
        var arguments = LocalShellScriptRunner.BuildArguments(request.ActionParameters, request.ParameterSchema, kwargOp);
        var baseDirectory = RunnerParameters.String(request.RunnerParameters, "dir") is { Length: > 0 } dir ? dir : Options.RemoteDirectory;
        var remoteDirectory = baseDirectory.TrimEnd('/') + "/" + request.ExecutionId;
        var remoteScript = remoteDirectory + "/" + Path.GetFileName(script);
        var libraries = Path.Combine(Path.GetDirectoryName(script) ?? ".", "lib");
        var command = arguments.Count == 0 ? ShellQuoting.Quote(remoteScript) : ShellQuoting.Quote(remoteScript) + " " + ShellQuoting.Join(arguments);
        return new RemoteCommandPlan(
            Compose(environmentExports, cwd, command, sudo, sudoPassword),
            remoteScript,
            new RemoteScriptUpload(script, libraries, remoteDirectory, remoteScript),
            sudo);
    }
}
