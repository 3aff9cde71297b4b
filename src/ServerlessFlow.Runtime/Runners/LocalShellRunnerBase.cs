using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>What <c>local-shell-cmd</c> and <c>local-shell-script</c> share: environment, timeout, and StackStorm's result
/// shape (<c>stdout</c>, <c>stderr</c>, <c>return_code</c>, <c>succeeded</c>, <c>failed</c>, and <c>error</c> on timeout).</summary>
public abstract partial class LocalShellRunnerBase : IActionRunner
{
    /// <summary>Where sudo is looked for.</summary>
    public const string SudoPath = "/usr/bin/sudo";

    /// <summary>StackStorm's default action timeout, seconds.</summary>
    public const double DefaultTimeoutSeconds = 60;

    private readonly TimeProvider time;
    private readonly int captureLimit;

    /// <summary>Creates the runner; <paramref name="captureLimit"/> bounds the bytes kept per output stream.</summary>
    protected LocalShellRunnerBase(TimeProvider time, int captureLimit)
    {
        this.time = time;
        this.captureLimit = captureLimit;
    }

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>The shell used for commands: bash when present (what st2 actions expect), else sh.</summary>
    protected static string Shell => File.Exists("/bin/bash") ? "/bin/bash" : "/bin/sh";

    /// <inheritdoc/>
    public async Task<RunnerOutcome> RunAsync(ActionRunRequest request, CancellationToken cancellationToken)
    {
        string fileName;
        IReadOnlyList<string> arguments;
        string? sudoPassword = null;
        double timeoutSeconds;
        string? cwd;
        Dictionary<string, string> environment;
        try
        {
            (fileName, arguments) = BuildCommand(request);
            if (RunnerParameters.Bool(request.RunnerParameters, "sudo", false))
            {
                // st2: sudo -E -- bash -c CMD (the environment kept), -S with the password on standard input when one is given.
                if (!File.Exists(SudoPath))
                {
                    return RunnerOutcome.Failure($"Action {request.ActionRef}: sudo is requested, and {SudoPath} is not installed on this worker.");
                }

                sudoPassword = RunnerParameters.String(request.RunnerParameters, "sudo_password") is { Length: > 0 } given ? given : null;
                arguments = [.. sudoPassword is null ? Array.Empty<string>() : ["-S"], "-E", "--", fileName, .. arguments];
                fileName = SudoPath;
            }

            timeoutSeconds = RunnerParameters.Seconds(request.RunnerParameters, "timeout", DefaultTimeoutSeconds);
            cwd = RunnerParameters.String(request.RunnerParameters, "cwd");
            environment = BuildEnvironment(request);
        }
        catch (ArgumentException ex)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        ShellProcessResult run;
        try
        {
            run = await ShellProcess.RunAsync(
                fileName, arguments, cwd, environment, TimeSpan.FromSeconds(timeoutSeconds), time, captureLimit, cancellationToken, sudoPassword is null ? null : sudoPassword + "\n").ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            return RunnerOutcome.Failure($"Action {request.ActionRef}: {ex.Message}");
        }

        var exitCode = run.ExitCode;
        string? error = null;
        if (run.TimedOut)
        {
            var shown = timeoutSeconds % 1 == 0 ? RunnerParameters.Text((long)timeoutSeconds) : RunnerParameters.Text(timeoutSeconds);
            error = $"Action failed to complete in {shown} seconds";
        }

        // st2: a wrong sudo password is reported as such, with exit code -1.
        if (sudoPassword is not null && SudoIncorrectPassword().IsMatch(run.Stderr))
        {
            var user = SudoPrompt().Match(run.Stderr) is { Success: true } m ? m.Groups[1].Value : "unknown";
            error = $"Invalid sudo password provided or sudo is not configured for this user ({user})";
            exitCode = -1;
        }

        var succeeded = exitCode == 0;
        var result = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["failed"] = !succeeded,
            ["succeeded"] = succeeded,
            ["return_code"] = (long)exitCode,
            ["stdout"] = JsonOrText(StripShellChars(run.Stdout)),
            ["stderr"] = JsonOrText(StripShellChars(run.Stderr)),
        };
        if (error is not null)
        {
            result["error"] = error;
        }

        var status = exitCode switch
        {
            0 => ExecutionStatus.Succeeded,
            ShellProcess.TimeoutExitCode => ExecutionStatus.Timeout,
            -15 => ExecutionStatus.Abandoned,
            _ => ExecutionStatus.Failed,
        };
        return new RunnerOutcome(status, result);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"sudo: \d+ incorrect password attempts?", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex SudoIncorrectPassword();

    [System.Text.RegularExpressions.GeneratedRegex(@"\[sudo\] password for (.+?):", System.Text.RegularExpressions.RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial System.Text.RegularExpressions.Regex SudoPrompt();

    /// <summary>The program and its argument vector.</summary>
    protected abstract (string FileName, IReadOnlyList<string> Arguments) BuildCommand(ActionRunRequest request);

    private static Dictionary<string, string> BuildEnvironment(ActionRunRequest request)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in RunnerParameters.Object(request.RunnerParameters, "env"))
        {
            if (string.IsNullOrEmpty(key) || key.Contains('=', StringComparison.Ordinal) || key.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Environment variable name '{key}' in runner parameter 'env' is not valid.");
            }

            environment[key] = RunnerParameters.Text(value);
        }

        foreach (var (key, value) in request.ExtraEnvironment)
        {
            environment[key] = value;
        }

        environment["ST2_ACTION_PACK_NAME"] = request.PackName;
        environment["ST2_ACTION_EXECUTION_ID"] = request.ExecutionId;
        environment["ST2_ACTION_API_URL"] = "http://127.0.0.1:9101/v1";
        environment["ST2_ACTION_DEBUG"] = RunnerParameters.Bool(request.RunnerParameters, "debug", false) ? "True" : "False";
        return environment;
    }

    /// <summary>st2's strip_shell_chars: removes one trailing "\n", then one trailing "\r".</summary>
    internal static string StripShellChars(string text)
    {
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        if (text.EndsWith('\r'))
        {
            text = text[..^1];
        }

        return text;
    }

    /// <summary>How deeply JSON output may nest to be read as a value; deeper output stays text (it is data from outside).</summary>
    public const int MaxOutputDepth = 128;

    /// <summary>st2's jsonify.json_loads on stdout/stderr: the text parsed as JSON when it is JSON (nested at most
    /// <see cref="MaxOutputDepth"/> levels), else the text.</summary>
    internal static object? JsonOrText(string text) =>
        text.Length > 0 && JsonText.TryParse(text, MaxOutputDepth, out var value, out _) ? value : text;
}
