using System.Globalization;
using ServerlessFlow.Core.Orquesta.Conducting;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>The workflow bounds a host runs with: <see cref="WorkflowLimits.Default"/>, changed by the environment variables
/// <c>SFLOW_WORKFLOW_MAX_TASKS</c> (task executions per workflow) and <c>SFLOW_WORKFLOW_MAX_ITEMS</c> (items per with-items
/// task), which <c>sflow serve</c> and the Functions app (as app settings) both read.</summary>
public static class WorkflowLimitSettings
{
    /// <summary>Task executions per workflow.</summary>
    public const string MaxTasksVariable = "SFLOW_WORKFLOW_MAX_TASKS";

    /// <summary>Items per with-items task.</summary>
    public const string MaxItemsVariable = "SFLOW_WORKFLOW_MAX_ITEMS";

    /// <summary>The bounds from the environment; throws <see cref="FormatException"/> naming a variable that is not a positive integer.</summary>
    public static WorkflowLimits FromEnvironment() => new(
        Read(MaxTasksVariable, WorkflowLimits.Default.MaxTaskExecutions),
        Read(MaxItemsVariable, WorkflowLimits.Default.MaxItems));

    private static int Read(string variable, int fallback)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{variable} must be a positive integer, got \"{text}\".");
    }
}
