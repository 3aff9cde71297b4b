using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Tests.Support;

/// <summary>An announcement port that keeps what was published, in order.</summary>
internal sealed class RecordingAnnouncementPublisher : IAnnouncementPublisher
{
    public List<(string Route, Dictionary<string, object?> Body)> Published { get; } = [];

    public Task PublishAsync(string route, Dictionary<string, object?> body, CancellationToken cancellationToken)
    {
        lock (Published)
        {
            Published.Add((route, body));
        }

        return Task.CompletedTask;
    }
}
