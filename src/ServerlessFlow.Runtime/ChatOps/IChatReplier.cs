namespace ServerlessFlow.Runtime.ChatOps;

/// <summary>Posts answers to the conversation a <see cref="ChatCommand"/> came from (Slack's response URL or thread, a Teams
/// conversation): one per request, made by its transport.</summary>
public interface IChatReplier
{
    /// <summary>Posts <paramref name="text"/> (plain text; the transport escapes what its markup would read).</summary>
    Task PostAsync(string text, CancellationToken cancellationToken);
}
