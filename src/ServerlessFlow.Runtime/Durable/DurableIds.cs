using ServerlessFlow.Core.Workflows;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.Durable;

/// <summary>
/// Replay-safe ids: every id the orchestrator uses is derived from the workflow execution id and
/// the task, never drawn at random, so a replay, a redelivery or a restart lands on the same records.
/// </summary>
public static class DurableIds
{
    /// <summary>The orchestration instance id of a workflow execution: the execution id itself.</summary>
    public static string InstanceFor(string executionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(executionId);
        return executionId;
    }

    /// <summary>
    /// The action execution id of the <paramref name="attempt"/>-th run (0 first) of a task in a
    /// workflow: retries of a task get new ids, replays of the same run the same one. StackStorm's
    /// id shape: the first 24 hex digits of SHA-256 over the parts.
    /// </summary>
    public static string ForTask(string workflowExecutionId, TaskKey key, int attempt)
    {
        ArgumentException.ThrowIfNullOrEmpty(workflowExecutionId);
        ArgumentNullException.ThrowIfNull(key);
        string joined = string.Join(
            '\u001f', workflowExecutionId, "task", key.ToString(), attempt.ToString(CultureInfo.InvariantCulture));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..24];
    }
}
