using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// The <c>python-script</c> runner: runs the action's class in a warm worker of its pack (<see cref="PythonWorkerPool"/>),
/// out of process, with the pack's config, the host's datastore, the <c>env</c>, <c>log_level</c> and <c>timeout</c> runner
/// parameters, and StackStorm's result shape <c>{"stdout", "stderr", "exit_code", "result"}</c> (plus <c>error</c> when the
/// action could not run or overstayed its timeout). A plain return value or <c>(True, x)</c> succeeds, <c>(False, x)</c> or
/// an exception fails (the traceback in <c>stderr</c>), a timeout kills the worker and ends as <c>timeout</c>.
/// </summary>
public sealed class PythonScriptRunner : IActionRunner
{
    /// <summary>StackStorm's default timeout for Python actions, seconds.</summary>
    public const double DefaultTimeoutSeconds = 600;

    private readonly PythonWorkerPool pool;
    private readonly Func<string, PackSpec?> findPack;
    private readonly PackConfigs configs;
    private readonly PythonHostServices services;

    /// <summary>Creates the runner.</summary>
    public PythonScriptRunner(PythonWorkerPool pool, Func<string, PackSpec?> findPack, PackConfigs configs, PythonHostServices services)
    {
        this.pool = pool;
        this.findPack = findPack;
        this.configs = configs;
        this.services = services;
    }

    /// <inheritdoc/>
    public string Name => "python-script";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (findPack(request.PackName) is not { } pack)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: pack '{request.PackName}' is not loaded.");
        }

        if (string.IsNullOrEmpty(request.EntryPointPath))
        {
            return RunnerOutcome.Failure($"Action \"{request.ActionRef}\" is missing entry_point attribute.");
        }

        double timeoutSeconds;
        Dictionary<string, object?> message;
        try
        {
            timeoutSeconds = RunnerParameters.Seconds(request.RunnerParameters, "timeout", DefaultTimeoutSeconds);
            var env = RunnerParameters.Object(request.RunnerParameters, "env").ToDictionary(p => p.Key, p => (object?)RunnerParameters.Text(p.Value), StringComparer.Ordinal);
            message = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["action"] = request.ActionRef,
                ["pack"] = pack.Ref,
                ["file"] = request.EntryPointPath,
                ["parameters"] = WithUnsetParameters(request),
                ["config"] = await configs.GetAsync(pack, cancellationToken).ConfigureAwait(false),
                ["user"] = request.User,
                ["log_level"] = RunnerParameters.String(request.RunnerParameters, "log_level") ?? "DEBUG",
                ["env"] = env,
                ["st2_env"] = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["ST2_ACTION_PACK_NAME"] = pack.Ref,
                    ["ST2_ACTION_EXECUTION_ID"] = request.ExecutionId,
                    ["ST2_ACTION_API_URL"] = pool.Options.ApiUrl,
                },
                ["capture_limit"] = (long)pool.Options.CaptureLimit,
            };
        }
        catch (Exception ex) when (ex is ArgumentException or PackConfigException)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return await pool.UseAsync(pack.Ref, pack.Location, services.ForUser(request.User), async worker =>
            {
                try
                {
                    var answer = await worker.CallAsync("run_action", message, linked.Token).ConfigureAwait(false);
                    return (ToOutcome(request, answer), true);
                }
                catch (PythonWorkerException ex)
                {
                    return (RunnerOutcome.Failure($"Action {request.ActionRef} ({request.EntryPointPath}): {ex.Message}"), false);
                }
            }, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return TimedOut(timeoutSeconds);
        }
        catch (Exception ex) when (ex is PythonEnvironmentException or PythonWorkerException)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }
    }

    /// <summary>The action parameters, with every parameter the action declares and nobody set passed as None, as StackStorm
    /// renders them (so <c>def run(self, cmd, hosts, hosts_dict)</c> works when <c>hosts_dict</c> is not given).</summary>
    private static Dictionary<string, object?> WithUnsetParameters(ActionRunRequest request)
    {
        var runnerParameters = RunnerTypeCatalog.Default.Find("python-script")?.RunnerParameters;
        var parameters = new Dictionary<string, object?>(request.ActionParameters, StringComparer.Ordinal);
        foreach (var name in request.ParameterSchema.Keys)
        {
            if (!parameters.ContainsKey(name) && !request.RunnerParameters.ContainsKey(name) && runnerParameters?.ContainsKey(name) != true)
            {
                parameters[name] = null;
            }
        }

        return parameters;
    }

    private static RunnerOutcome TimedOut(double timeoutSeconds)
    {
        var shown = timeoutSeconds % 1 == 0 ? RunnerParameters.Text((long)timeoutSeconds) : RunnerParameters.Text(timeoutSeconds);
        return new RunnerOutcome(ExecutionStatus.Timeout, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["stdout"] = string.Empty,
            ["stderr"] = string.Empty,
            ["exit_code"] = (long)ShellProcess.TimeoutExitCode,
            ["result"] = "None",
            ["error"] = $"Action failed to complete in {shown} seconds",
        });
    }

    private static RunnerOutcome ToOutcome(ActionRunRequest request, PythonAnswer answer)
    {
        if (answer.Error is not null || answer.Value is not Dictionary<string, object?> value)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef} ({request.EntryPointPath}): the Python worker failed: {answer.ErrorMessage ?? "no result"}");
        }

        var exitCode = value.GetValueOrDefault("exit_code") as long? ?? 1;
        var output = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["stdout"] = value.GetValueOrDefault("stdout") as string ?? string.Empty,
            ["stderr"] = value.GetValueOrDefault("stderr") as string ?? string.Empty,
            ["exit_code"] = exitCode,
            ["result"] = value.GetValueOrDefault("result"),
        };
        if (value.GetValueOrDefault("error") is string error)
        {
            output["error"] = error;
        }

        // StackStorm's _get_final_status: a False status or a non-zero exit code fails; True or no status succeeds.
        var succeeded = exitCode == 0 && value.GetValueOrDefault("status") is not false;
        return new RunnerOutcome(succeeded ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, output);
    }
}
