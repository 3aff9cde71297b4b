using System.Threading.Channels;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// The events behind <c>GET /api/v1/stream</c> (StackStorm's event names, e.g. <c>st2.execution__update</c>, each with the
/// record in its API shape). In-process: every subscriber gets every event published in this process after it subscribed;
/// a subscriber that falls more than <see cref="Capacity"/> events behind loses the oldest, so a slow client never holds
/// up the engine.
/// </summary>
public sealed class ApiEventHub
{
    /// <summary>How many events a subscriber may have waiting.</summary>
    public const int Capacity = 1000;

    private readonly Lock gate = new();
    private readonly List<Channel<ApiEvent>> subscribers = [];

    /// <summary>How many streams are listening now.</summary>
    public int SubscriberCount
    {
        get
        {
            lock (gate)
            {
                return subscribers.Count;
            }
        }
    }

    /// <summary>Sends an event to every current subscriber.</summary>
    public void Publish(string name, Dictionary<string, object?> payload)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(payload);
        Channel<ApiEvent>[] current;
        lock (gate)
        {
            current = [.. subscribers];
        }

        foreach (var subscriber in current)
        {
            subscriber.Writer.TryWrite(new ApiEvent(name, payload));
        }
    }

    /// <summary>Starts receiving events; dispose the subscription to stop.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<ApiEvent>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (gate)
        {
            subscribers.Add(channel);
        }

        return new Subscription(this, channel);
    }

    private void Remove(Channel<ApiEvent> channel)
    {
        lock (gate)
        {
            subscribers.Remove(channel);
        }

        channel.Writer.TryComplete();
    }

    /// <summary>One subscriber's events, in the order they were published.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly ApiEventHub hub;
        private readonly Channel<ApiEvent> channel;

        internal Subscription(ApiEventHub hub, Channel<ApiEvent> channel)
        {
            this.hub = hub;
            this.channel = channel;
        }

        /// <summary>The events as they come.</summary>
        public ChannelReader<ApiEvent> Events => channel.Reader;

        /// <inheritdoc/>
        public void Dispose() => hub.Remove(channel);
    }
}

/// <summary>One event of the stream: its StackStorm name and the record it carries.</summary>
/// <param name="Name">e.g. <c>st2.execution__update</c>.</param>
/// <param name="Payload">The record in its API shape.</param>
public sealed record ApiEvent(string Name, Dictionary<string, object?> Payload);
