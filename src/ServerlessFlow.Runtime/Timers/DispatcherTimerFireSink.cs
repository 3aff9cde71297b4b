using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Timers;

/// <summary>Dispatches timer fires through the runtime's dispatch use case with the fire's
/// deterministic id, so the trigger-instance store's insert-if-absent makes each fire happen once.</summary>
public sealed class DispatcherTimerFireSink(TriggerDispatcher dispatcher) : ITimerFireSink
{
    /// <inheritdoc />
    public Task DispatchAsync(TimerFire fire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fire);
        // The timer's parameters go with the instance: rules on timers are indexed by them.
        var parameters = new Dictionary<string, object?>(fire.Timer.Parameters, StringComparer.Ordinal);
        return dispatcher.DispatchAsync(fire.Timer.Type, fire.Payload(), fire.TraceTag, fire.TriggerInstanceId, parameters, cancellationToken);
    }
}
