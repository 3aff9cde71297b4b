namespace ServerlessFlow.Runtime.ChatOps;

/// <summary>A command typed in a chat, as every transport hands it to <see cref="ChatHandler"/>: the text (mention and
/// <c>!</c> prefix removed), who typed it, where, and the web console the answers link to.</summary>
public sealed record ChatCommand
{
    /// <summary>The command text, e.g. <c>run local uptime</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Who typed it (the chat's user name or id).</summary>
    public string? User { get; init; }

    /// <summary>Where it was typed (the chat's channel name or id).</summary>
    public string? Channel { get; init; }

    /// <summary>Which chat it came from (<c>slack</c>, <c>msteams</c>): the execution's <c>source_channel</c> is
    /// <c>{Source}:{Channel}</c>.</summary>
    public required string Source { get; init; }

    /// <summary>The web console's address (ends with <c>/</c>); answers link the execution's page there. Null: no link.</summary>
    public string? ConsoleUrl { get; init; }
}
