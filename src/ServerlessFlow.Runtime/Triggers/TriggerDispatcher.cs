using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Schemas;

namespace ServerlessFlow.Runtime.Triggers;

/// <summary>Use case: dispatch a trigger instance — validate the payload against the trigger type, store it (idempotently), publish it.</summary>
public sealed class TriggerDispatcher
{
    private readonly ITriggerInstanceStore store;
    private readonly ITriggerBus bus;
    private readonly TimeProvider time;
    private readonly Func<string, Dictionary<string, object?>?> payloadSchemaOf;

    /// <summary>Creates the dispatcher; <paramref name="payloadSchemaOf"/> returns a trigger type's payload schema, or null when it has none.</summary>
    public TriggerDispatcher(ITriggerInstanceStore store, ITriggerBus bus, TimeProvider time, Func<string, Dictionary<string, object?>?>? payloadSchemaOf = null)
    {
        this.store = store;
        this.bus = bus;
        this.time = time;
        this.payloadSchemaOf = payloadSchemaOf ?? (_ => null);
    }

    /// <summary>Validates, stores and publishes an instance of <paramref name="trigger"/>. Giving the same <paramref name="id"/> twice
    /// stores once (the first record wins); the stored instance is published again only while it is still pending, so a send
    /// whose publish was lost is recovered by a retry, while a timer tick or a redelivered webhook does not send rule
    /// evaluation an instance that was already processed.</summary>
    public async Task<TriggerInstanceState> DispatchAsync(
        string trigger,
        Dictionary<string, object?> payload,
        string? traceTag = null,
        string? id = null,
        Dictionary<string, object?>? triggerParameters = null,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(trigger))
        {
            throw new InvalidTriggerPayloadException("A trigger instance needs a trigger type ref.");
        }

        if (payloadSchemaOf(trigger) is { } schema)
        {
            var errors = SchemaValidator.Validate(payload, schema, "payload");
            if (errors.Count > 0)
            {
                throw new InvalidTriggerPayloadException($"Payload for trigger '{trigger}' is invalid: {string.Join("; ", errors)}");
            }
        }

        var instance = new TriggerInstanceState
        {
            Id = id ?? RecordIds.New(time),
            Trigger = trigger,
            TriggerParameters = triggerParameters ?? new Dictionary<string, object?>(StringComparer.Ordinal),
            Payload = payload,
            OccurrenceTime = time.GetUtcNow(),
            TraceTag = traceTag,
        };
        var (stored, created) = await store.CreateAsync(instance, cancellationToken).ConfigureAwait(false);
        if (created || stored.Status == TriggerInstanceStatus.Pending)
        {
            await bus.PublishAsync(stored, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }
}
