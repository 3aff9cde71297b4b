namespace ServerlessFlow.Runtime.Runners;

/// <summary>Port: where announcements go — StackStorm's <c>st2.announcement</c> exchange, read by the event stream as
/// <c>st2.announcement__&lt;route&gt;</c> events.</summary>
public interface IAnnouncementPublisher
{
    /// <summary>Publishes one announcement: <paramref name="body"/> is st2's message body, <c>{"payload": …, "trace_context": …}</c>.</summary>
    Task PublishAsync(string route, Dictionary<string, object?> body, CancellationToken cancellationToken);
}
