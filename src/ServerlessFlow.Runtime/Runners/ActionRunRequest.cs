namespace ServerlessFlow.Runtime.Runners;

/// <summary>Everything a runner needs to run one action execution: parameters already validated, defaulted and split
/// into runner parameters and action parameters, as StackStorm hands them to a runner.</summary>
public sealed record ActionRunRequest
{
    /// <summary>The execution id (exported to shell actions as ST2_ACTION_EXECUTION_ID).</summary>
    public required string ExecutionId { get; init; }

    /// <summary>The action ref, <c>pack.name</c>.</summary>
    public required string ActionRef { get; init; }

    /// <summary>Parameters the runner type declares (cmd, cwd, env, timeout, url…).</summary>
    public Dictionary<string, object?> RunnerParameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The action's own parameters (what a script receives as arguments), in declaration order.</summary>
    public Dictionary<string, object?> ActionParameters { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The action's parameter metadata (name → {type, position, …}), used for positional arguments.</summary>
    public Dictionary<string, object?> ParameterSchema { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Absolute path of the entry point script, for script runners.</summary>
    public string? EntryPointPath { get; init; }

    /// <summary>Environment variables added for this run only (e.g. parameter values referenced by a rendered cmd).</summary>
    public Dictionary<string, string> ExtraEnvironment { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Who asked for the execution.</summary>
    public string User { get; init; } = "stanley";

    /// <summary>The execution's trace tag, if any.</summary>
    public string? TraceTag { get; init; }

    /// <summary>The parent workflow execution id, if any.</summary>
    public string? ParentExecutionId { get; init; }

    /// <summary>The pack name (first part of the ref).</summary>
    public string PackName => ActionRef.Split('.', 2)[0];
}
