using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>The <c>local-shell-script</c> runner: runs the pack's entry point with the action parameters as StackStorm passes
/// them — parameters with a <c>position</c> as positional arguments in position order (serialised by type), the rest as
/// <c>{kwarg_op}name=value</c>. Arguments go in an argument vector, so no value is ever parsed by a shell.</summary>
public sealed class LocalShellScriptRunner : LocalShellRunnerBase
{
    /// <summary>Creates the runner.</summary>
    public LocalShellScriptRunner(TimeProvider time, int captureLimit = ShellProcess.DefaultCaptureLimit)
        : base(time, captureLimit)
    {
    }

    /// <inheritdoc/>
    public override string Name => "local-shell-script";

    /// <inheritdoc/>
    protected override (string FileName, IReadOnlyList<string> Arguments) BuildCommand(ActionRunRequest request)
    {
        var script = request.EntryPointPath;
        if (string.IsNullOrEmpty(script))
        {
            throw new ArgumentException("Missing entry_point action metadata attribute.");
        }

        if (!File.Exists(script))
        {
            throw new ArgumentException($"Entry point '{script}' does not exist.");
        }

        var kwargOp = RunnerParameters.String(request.RunnerParameters, "kwarg_op") ?? "--";
        var arguments = BuildArguments(request.ActionParameters, request.ParameterSchema, kwargOp);

        // st2 makes the script executable first; when that is not possible, run it through the shell instead.
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute))
        {
            try
            {
                File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return (Shell, [script, .. arguments]);
            }
        }

        return (script, arguments);
    }

    /// <summary>The argument vector: named arguments (kwarg_op + name=value, booleans as a bare flag when true, empty and null values
    /// skipped), then positional arguments in position order, as st2's ShellScriptAction builds them.</summary>
    public static IReadOnlyList<string> BuildArguments(Dictionary<string, object?> actionParameters, Dictionary<string, object?> parameterSchema, string kwargOp)
    {
        var positions = new SortedDictionary<long, string>();
        foreach (var (name, meta) in parameterSchema)
        {
            if (meta is Dictionary<string, object?> m && m.GetValueOrDefault("position") is long position)
            {
                positions[position] = name;
            }
        }

        var positional = new List<string>();
        var positionalNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in positions.Values)
        {
            var type = (parameterSchema[name] as Dictionary<string, object?>)?.GetValueOrDefault("type") as string;
            positional.Add(SerializePositional(type, actionParameters.GetValueOrDefault(name)));
            positionalNames.Add(name);
        }

        var arguments = new List<string>();
        foreach (var (name, value) in actionParameters)
        {
            if (positionalNames.Contains(name) || value is null || value is string { Length: 0 })
            {
                continue;
            }

            if (value is bool flag)
            {
                if (flag)
                {
                    arguments.Add(kwargOp + name);
                }

                continue;
            }

            arguments.Add(kwargOp + name + "=" + RunnerParameters.Text(value));
        }

        arguments.AddRange(positional);
        return arguments;
    }

    /// <summary>st2's serialize_positional_argument: booleans as 1/0, arrays comma-joined, objects as JSON, null as empty.</summary>
    public static string SerializePositional(string? type, object? value) => type switch
    {
        "string" or "number" or "float" when value is not null => RunnerParameters.Text(value),
        "boolean" => value is null ? string.Empty : (IsTruthy(value) ? "1" : "0"),
        "array" or "list" => value is List<object?> { Count: > 0 } list ? string.Join(',', list.Select(RunnerParameters.Text)) : string.Empty,
        "object" => value is Dictionary<string, object?> { Count: > 0 } ? JsonText.Serialize(value) : string.Empty,
        _ => value is null || !IsTruthy(value) ? string.Empty : RunnerParameters.Text(value),
    };

    private static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> l => l.Count > 0,
        Dictionary<string, object?> d => d.Count > 0,
        _ => true,
    };
}
