using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Aliases;

/// <summary>One execution an alias started, with st2's answer fields: the execution and alias as the API shows them, and the
/// alias's rendered <c>ack</c> message and extra.</summary>
/// <param name="Execution">The stored execution (as it was when the answer was made).</param>
/// <param name="ExecutionView">The execution as the API shows it (secrets masked).</param>
/// <param name="Alias">The alias.</param>
/// <param name="AliasView">The alias as the API shows it.</param>
/// <param name="Message">The rendered <c>ack.format</c> (or why it could not be rendered); null when the alias has none.</param>
/// <param name="Extra">The rendered <c>ack.extra</c>; null when the alias has none.</param>
public sealed record AliasExecutionResult(
    ExecutionState Execution, Dictionary<string, object?> ExecutionView, ActionAliasSpec Alias, Dictionary<string, object?> AliasView, string? Message, object? Extra)
{
    /// <summary>st2's result shape: <c>{"execution", "actionalias", "message"?, "extra"?}</c>.</summary>
    public Dictionary<string, object?> ToPlain()
    {
        var plain = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["execution"] = ExecutionView,
            ["actionalias"] = AliasView,
        };
        if (Message is not null)
        {
            plain["message"] = Message;
        }

        if (Extra is not null)
        {
            plain["extra"] = Extra;
        }

        return plain;
    }
}
