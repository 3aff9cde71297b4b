using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>What <c>remote-shell-cmd</c> and <c>remote-shell-script</c> share, after st2's <c>BaseParallelSSHRunner</c> and
/// <c>ParallelSSHClient</c>: parameters (<c>hosts</c>, <c>username</c>, <c>password</c>, <c>private_key</c>, <c>passphrase</c>,
/// <c>port</c>, <c>parallel</c>, <c>sudo</c>, <c>sudo_password</c>, <c>cwd</c>, <c>env</c>, <c>timeout</c>, <c>bastion_host</c>),
/// a result keyed by host, and the execution's status from every host's (a failing host fails the execution). Values reach
/// the remote shell only quoted; credentials never reach the result or an error message.</summary>
public abstract partial class RemoteShellRunnerBase : IActionRunner
{
    /// <summary>st2's default remote action timeout, seconds.</summary>
    public const double DefaultTimeoutSeconds = 60;

    private readonly TimeProvider time;

    /// <summary>Creates the runner with the host's <paramref name="options"/>.</summary>
    protected RemoteShellRunnerBase(TimeProvider time, RemoteRunnerOptions options)
    {
        this.time = time;
        Options = options;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The host settings.</summary>
    protected RemoteRunnerOptions Options { get; }

    [GeneratedRegex(@"sudo: \d+ incorrect password attempts?", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SudoIncorrectPassword();

    [GeneratedRegex(@"\[sudo\] password for (.+?):", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SudoPrompt();

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<SshTarget> targets;
        SshCredentials credentials;
        RemoteCommandPlan plan;
        SshTarget? bastion;
        KnownHosts? knownHosts;
        double timeoutSeconds;
        int? port;
        bool parallel;
        string? sudoPassword;
        try
        {
            var p = request.RunnerParameters;
            targets = SshTarget.ParseList(RunnerParameters.String(p, "hosts") ?? string.Empty);
            if (targets.Count == 0)
            {
                throw new ArgumentException($"No hosts specified to run action for action {request.ExecutionId}.");
            }

            port = p.GetValueOrDefault("port") switch
            {
                null => null,
                long l when l is > 0 and <= 65535 => (int)l,
                var other => throw new ArgumentException($"Runner parameter 'port' must be a port number (1-65535), not {RunnerParameters.Text(other)}."),
            };
            var bastionText = RunnerParameters.String(p, "bastion_host");
            bastion = string.IsNullOrWhiteSpace(bastionText) ? null : SshTarget.Parse(bastionText);
            timeoutSeconds = RunnerParameters.Seconds(p, "timeout", DefaultTimeoutSeconds);
            parallel = RunnerParameters.Bool(p, "parallel", false);
            var sudo = RunnerParameters.Bool(p, "sudo", false);
            sudoPassword = sudo ? NullIfEmpty(RunnerParameters.String(p, "sudo_password")) : null;
            credentials = SshCredentials.Resolve(
                RunnerParameters.String(p, "username"),
                RunnerParameters.String(p, "password"),
                RunnerParameters.String(p, "private_key"),
                RunnerParameters.String(p, "passphrase"),
                Options);
            var environment = Environment(request, sudo && sudoPassword is not null);
            plan = Plan(request, environment, RunnerParameters.String(p, "cwd"), sudo, sudoPassword is not null);
            knownHosts = Options.KnownHostsFile is { } file ? KnownHosts.Load(file) : null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        var connectSeconds = Options.ConnectTimeoutSeconds;
        if (timeoutSeconds > 0 && connectSeconds > timeoutSeconds - 2)
        {
            // st2: the connect timeout should not be greater than the action timeout.
            connectSeconds = Math.Max(1, timeoutSeconds - 2);
        }

        var keys = ResultKeys(targets);
        var hostResults = new Dictionary<string, object?>[targets.Count];
        var connectErrors = new string?[targets.Count];
        using var gate = new SemaphoreSlim(parallel ? Math.Clamp(targets.Count, 1, Math.Max(1, Options.MaxParallelHosts)) : 1);
        var work = targets.Select(async (target, index) =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                (hostResults[index], connectErrors[index]) = await RunOnHostAsync(
                    target, port, bastion, credentials, knownHosts, plan, sudoPassword, TimeSpan.FromSeconds(connectSeconds), timeoutSeconds, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(work).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new RunnerOutcome(ExecutionStatus.Canceled, null);
        }

        if (connectErrors.All(e => e is not null))
        {
            // st2's NoHostsConnectedToException: when no host could be reached, the execution fails as a whole.
            var errors = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < targets.Count; i++)
            {
                errors[keys[i]] = hostResults[i];
            }

            var hosts = "[" + string.Join(", ", targets.Select(t => "'" + t.Given.Trim() + "'")) + "]";
            return new RunnerOutcome(ExecutionStatus.Failed, new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["error"] = $"Unable to connect to any one of the hosts: {hosts}.\n\n connect_errors={JsonText.Serialize(errors)}",
                ["failed"] = true,
                ["succeeded"] = false,
                ["return_code"] = 255L,
            });
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < targets.Count; i++)
        {
            result[keys[i]] = hostResults[i];
        }

        return new RunnerOutcome(Status(hostResults, Options.AllowPartialFailure), result);
    }

    /// <summary>The command to run on every host.</summary>
    /// <param name="request">The execution.</param>
    /// <param name="environmentExports">The <c>export …</c> text (quoted), or empty.</param>
    /// <param name="cwd">The working directory, or null.</param>
    /// <param name="sudo">Run through sudo.</param>
    /// <param name="sudoPassword">sudo reads a password from standard input (<c>-S</c>).</param>
    protected abstract RemoteCommandPlan Plan(ActionRunRequest request, string environmentExports, string? cwd, bool sudo, bool sudoPassword);

    /// <summary>st2's command shape: <c>export … &amp;&amp; cd CWD &amp;&amp; COMMAND</c>, wrapped in <c>sudo -E -- bash -c '…'</c>
    /// (<c>-S</c> when a password is sent on standard input, never on the command line as st2 does).</summary>
    protected static string Compose(string environmentExports, string? cwd, string command, bool sudo, bool sudoPassword)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parts = new List<string>();
        if (environmentExports.Length > 0)
        {
            parts.Add(environmentExports);
        }

        if (!string.IsNullOrEmpty(cwd))
        {
            parts.Add("cd " + ShellQuoting.Quote(cwd));
        }

        parts.Add(command);
        var text = string.Join(" && ", parts);
        return sudo ? $"sudo {(sudoPassword ? "-S " : string.Empty)}-E -- bash -c {ShellQuoting.Quote(text)}" : text;
    }

    /// <summary>st2's <c>_get_result_status</c>: every host must succeed (or, with partial failure allowed, any); the status is
    /// <c>timeout</c> when every host looked at up to the deciding one timed out.</summary>
    internal static ExecutionStatus Status(IReadOnlyList<Dictionary<string, object?>?> results, bool allowPartialFailure)
    {
        var success = !allowPartialFailure;
        var timeout = true;
        foreach (var r in results)
        {
            var succeeded = r?.GetValueOrDefault("succeeded") is true;
            timeout &= r?.GetValueOrDefault("timeout") is true;
            if (allowPartialFailure)
            {
                success |= succeeded;
                if (success)
                {
                    break;
                }
            }
            else
            {
                success &= succeeded;
                if (!success)
                {
                    break;
                }
            }
        }

        return success ? ExecutionStatus.Succeeded : timeout ? ExecutionStatus.Timeout : ExecutionStatus.Failed;
    }

    private async Task<(Dictionary<string, object?> Result, string? ConnectError)> RunOnHostAsync(
        SshTarget target,
        int? port,
        SshTarget? bastion,
        SshCredentials credentials,
        KnownHosts? knownHosts,
        RemoteCommandPlan plan,
        string? sudoPassword,
        TimeSpan connectTimeout,
        double timeoutSeconds,
        CancellationToken cancellationToken)
    {
        var host = target.HostName;
        SshHostConnection connection;
        try
        {
            connection = await SshHostConnection.ConnectAsync(
                host, target.Port ?? port ?? SshTarget.DefaultPort, bastion, credentials, knownHosts, connectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (SshConnectException ex)
        {
            var error = ErrorResult("Connection error. " + ex.Message, timedOut: false, string.Empty, string.Empty);
            return (error, ex.Message);
        }

        using (connection)
        {
            if (plan.Upload is { } upload)
            {
                try
                {
                    await connection.CreateDirectoryAsync(upload.RemoteDirectory, cancellationToken).ConfigureAwait(false);
                    await connection.UploadAsync(upload.LocalScript, upload.RemoteScript, 744, cancellationToken).ConfigureAwait(false);
                    if (upload.LocalLibraries is { } libraries && Directory.Exists(libraries))
                    {
                        await UploadDirectoryAsync(connection, libraries, upload.RemoteDirectory + "/" + Path.GetFileName(libraries), cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    return (ErrorResult($"Failed sending file(s) in path {upload.LocalScript} to host {host} {ex.Message}", false, string.Empty, string.Empty), null);
                }
            }

            RemoteCommandResult run;
            try
            {
                run = await connection.RunAsync(
                    plan.CommandText,
                    sudoPassword is null ? null : sudoPassword + "\n",
                    plan.Sudo,
                    TimeSpan.FromSeconds(timeoutSeconds),
                    time,
                    Options.CaptureLimit,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return (ErrorResult($"Failed executing command \"{plan.ShownCommand}\" on host \"{host}\" {ex.Message}", false, string.Empty, string.Empty), null);
            }
            finally
            {
                if (plan.Upload is { } cleanup)
                {
                    await RemoveQuietlyAsync(connection, cleanup.RemoteDirectory).ConfigureAwait(false);
                }
            }

            var stdout = LocalShellRunnerBase.StripShellChars(run.Stdout);
            var stderr = LocalShellRunnerBase.StripShellChars(run.Stderr);
            if (run.TimedOut)
            {
                var shown = Seconds(timeoutSeconds);
                var connectShown = Seconds(connectTimeout.TotalSeconds);
                return (ErrorResult(
                    $"Failed executing command \"{plan.ShownCommand}\" on host \"{host}\" Command didn't finish in {shown} seconds or the SSH connection did not succeed in {connectShown} seconds",
                    true,
                    stdout,
                    stderr), null);
            }

            if (sudoPassword is not null && SudoIncorrectPassword().IsMatch(stderr))
            {
                var user = SudoPrompt().Match(stderr) is { Success: true } m ? m.Groups[1].Value : "unknown";
                return (ErrorResult(
                    $"Failed executing command \"{plan.ShownCommand}\" on host \"{host}\" Invalid sudo password provided or sudo is not configured for this user ({user})",
                    false,
                    string.Empty,
                    string.Empty), null);
            }

            var succeeded = run.ExitCode == 0;
            return (new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["stdout"] = LocalShellRunnerBase.JsonOrText(stdout),
                ["stderr"] = LocalShellRunnerBase.JsonOrText(stderr),
                ["return_code"] = (long)run.ExitCode,
                ["succeeded"] = succeeded,
                ["failed"] = !succeeded,
            }, null);
        }
    }

    private async Task UploadDirectoryAsync(SshHostConnection connection, string localDirectory, string remoteDirectory, CancellationToken cancellationToken)
    {
        await connection.CreateDirectoryAsync(remoteDirectory, cancellationToken).ConfigureAwait(false);
        foreach (var file in Directory.EnumerateFiles(localDirectory))
        {
            // SSH.NET takes the mode as its octal digits written in decimal (0755 is passed as 755), as st2 mirrors the local mode.
            var bits = OperatingSystem.IsWindows() ? 0x1A4 : (int)File.GetUnixFileMode(file) & 0x1FF;
            var mode = (short)((((bits >> 6) & 7) * 100) + (((bits >> 3) & 7) * 10) + (bits & 7));
            await connection.UploadAsync(file, remoteDirectory + "/" + Path.GetFileName(file), mode, cancellationToken).ConfigureAwait(false);
        }

        foreach (var directory in Directory.EnumerateDirectories(localDirectory))
        {
            await UploadDirectoryAsync(connection, directory, remoteDirectory + "/" + Path.GetFileName(directory), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RemoveQuietlyAsync(SshHostConnection connection, string remoteDirectory)
    {
        try
        {
            await connection.RunAsync("rm -rf " + ShellQuoting.Quote(remoteDirectory), null, false, TimeSpan.FromSeconds(30), time, 4096, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Cleanup of the copied script is best effort, as in st2: its failure must not change the action's result.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>st2's per-host error result (<c>_generate_error_result</c>), without a Python traceback.</summary>
    private static Dictionary<string, object?> ErrorResult(string error, bool timedOut, string stdout, string stderr) => new(StringComparer.Ordinal)
    {
        ["failed"] = true,
        ["succeeded"] = false,
        ["timeout"] = timedOut,
        ["return_code"] = timedOut ? -9L : 255L,
        ["stdout"] = stdout,
        ["stderr"] = stderr,
        ["error"] = error,
    };

    /// <summary>st2 keys results by host name; two entries with the same name (different ports) would overwrite each other
    /// there, so those keep the entry as written instead.</summary>
    private static string[] ResultKeys(IReadOnlyList<SshTarget> targets)
    {
        var duplicated = targets.GroupBy(t => t.HostName, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return targets.Select(t => duplicated.Contains(t.HostName) ? t.Given.Trim() : t.HostName).ToArray();
    }

    /// <summary>The <c>export</c> text: the action's <c>env</c>, values a <c>cmd</c> template refers to, and st2's
    /// <c>ST2_ACTION_*</c> variables, sorted by name, every value quoted.</summary>
    private static string Environment(ActionRunRequest request, bool sudoPassword)
    {
        var variables = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in RunnerParameters.Object(request.RunnerParameters, "env"))
        {
            if (!ShellQuoting.IsVariableName(key))
            {
                throw new ArgumentException($"Environment variable name '{key}' in runner parameter 'env' is not valid.");
            }

            variables[key] = RunnerParameters.Text(value);
        }

        foreach (var (key, value) in request.ExtraEnvironment)
        {
            variables[key] = value;
        }

        variables["ST2_ACTION_PACK_NAME"] = request.PackName;
        variables["ST2_ACTION_EXECUTION_ID"] = request.ExecutionId;
        variables["ST2_ACTION_API_URL"] = "http://127.0.0.1:9101/v1";
        variables["ST2_ACTION_DEBUG"] = RunnerParameters.Bool(request.RunnerParameters, "debug", false) ? "True" : "False";
        if (sudoPassword)
        {
            variables["HISTFILE"] = "/dev/null";
            variables["HISTSIZE"] = "0";
        }

        var text = new StringBuilder("export");
        foreach (var (key, value) in variables)
        {
            text.Append(' ').Append(key).Append('=').Append(ShellQuoting.Quote(value));
        }

        return text.ToString();
    }

    /// <summary>Seconds as Python prints st2's int or float setting: 60, or 2.5.</summary>
    private static string Seconds(double seconds) => seconds % 1 == 0 ? RunnerParameters.Text((long)seconds) : RunnerParameters.Text(seconds);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
