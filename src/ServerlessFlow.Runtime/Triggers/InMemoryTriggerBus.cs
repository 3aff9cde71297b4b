using System.Threading.Channels;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>In-process trigger bus over an unbounded channel (tests and <c>sflow</c> on one machine).</summary>
public sealed class InMemoryTriggerBus : ITriggerBus
{
    private readonly Channel<TriggerInstanceState> channel = Channel.CreateUnbounded<TriggerInstanceState>();

    /// <summary>The consumer side.</summary>
    public ChannelReader<TriggerInstanceState> Reader => channel.Reader;

    /// <inheritdoc/>
    public Task PublishAsync(TriggerInstanceState instance, CancellationToken cancellationToken = default) =>
        channel.Writer.WriteAsync(instance, cancellationToken).AsTask();

    /// <summary>Everything published and not yet read, without waiting.</summary>
    public IReadOnlyList<TriggerInstanceState> Drain()
    {
        var items = new List<TriggerInstanceState>();
        while (channel.Reader.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
