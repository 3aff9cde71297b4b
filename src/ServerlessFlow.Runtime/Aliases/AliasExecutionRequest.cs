namespace ServerlessFlow.Runtime.Aliases;

/// <summary>A command to run through an action alias: st2's <c>aliasexecution</c> payloads (<c>match_and_execute</c>:
/// the command alone; <c>POST aliasexecution</c>: the alias <c>name</c> and the <c>format</c> it matched) and what the chat
/// handler sends.</summary>
public sealed record AliasExecutionRequest
{
    /// <summary>The command text, as typed.</summary>
    public required string Command { get; init; }

    /// <summary>The alias name (<c>POST aliasexecution</c>); null matches the command against every alias.</summary>
    public string? Name { get; init; }

    /// <summary>The representation the command matched (<c>POST aliasexecution</c>).</summary>
    public string? Format { get; init; }

    /// <summary>Who typed the command (st2's <c>user</c>, recorded as the execution's <c>api_user</c>).</summary>
    public string? User { get; init; }

    /// <summary>Where the command came from (st2's <c>source_channel</c>).</summary>
    public string? SourceChannel { get; init; }
}
