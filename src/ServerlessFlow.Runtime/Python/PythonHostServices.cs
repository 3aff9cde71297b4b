using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// The host's answers to pack code: StackStorm's datastore (system scope; the worker has already made names local to
/// <c>pack.Class:</c>) on the host's real key-value store, and trigger dispatch through the host's
/// <see cref="TriggerDispatcher"/> (payloads validated against the trigger type, as every webhook's are).
/// </summary>
public sealed class PythonHostServices : IPythonRequestHandler
{
    private readonly KeyValueService? keyValues;
    private readonly TriggerDispatcher? triggers;
    private readonly string user;
    private readonly Action<string, string>? dispatchRejected;
    private readonly Func<string, bool>? triggerTypeKnown;

    /// <summary>Creates the services. Without <paramref name="keyValues"/> datastore calls fail; without
    /// <paramref name="triggers"/> dispatch fails. <paramref name="triggerTypeKnown"/> says whether a trigger type exists (a
    /// dispatch to an unknown one is refused, as StackStorm's dispatcher refuses it); <paramref name="dispatchRejected"/>
    /// hears (trigger, reason) for each refused dispatch.</summary>
    public PythonHostServices(
        KeyValueService? keyValues,
        TriggerDispatcher? triggers,
        string user = "stanley",
        Action<string, string>? dispatchRejected = null,
        Func<string, bool>? triggerTypeKnown = null)
    {
        this.keyValues = keyValues;
        this.triggers = triggers;
        this.user = user;
        this.dispatchRejected = dispatchRejected;
        this.triggerTypeKnown = triggerTypeKnown;
    }

    /// <summary>The same services for another user (actions run as the user who asked for the execution).</summary>
    public PythonHostServices ForUser(string name) => new(keyValues, triggers, name, dispatchRejected, triggerTypeKnown);

    /// <inheritdoc/>
    public async Task<object?> HandleAsync(Dictionary<string, object?> request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var op = request.GetValueOrDefault("op") as string;
        switch (op)
        {
            case "datastore_get":
                return await Store().GetValueAsync(Name(request), KeyValueScope.System, decrypt: request.GetValueOrDefault("decrypt") is true, cancellationToken: cancellationToken).ConfigureAwait(false);
            case "datastore_set":
                var value = request.GetValueOrDefault("value") as string ?? throw new PythonRequestException("bad_request", "datastore_set needs a string value");
                var ttl = request.GetValueOrDefault("ttl") switch
                {
                    null => (long?)null,
                    long l => l,
                    var other => throw new PythonRequestException("bad_request", $"ttl must be a whole number of seconds, not {other}"),
                };
                try
                {
                    await Store().SetAsync(Name(request), value, KeyValueScope.System, secret: request.GetValueOrDefault("secret") is true, ttlSeconds: ttl, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    throw new PythonRequestException("bad_request", ex.Message);
                }

                return true;
            case "datastore_delete":
                return await Store().DeleteAsync(Name(request), KeyValueScope.System, cancellationToken: cancellationToken).ConfigureAwait(false);
            case "datastore_list":
                var prefix = request.GetValueOrDefault("prefix") as string ?? string.Empty;
                var limit = request.GetValueOrDefault("limit") is long n and > 0 ? (int)Math.Min(n, 10_000) : 100;
                var offset = request.GetValueOrDefault("offset") is long o and > 0 ? (int)Math.Min(o, int.MaxValue) : 0;
                var pairs = await Store().ListAsync(prefix, KeyValueScope.System, cancellationToken: cancellationToken).ConfigureAwait(false);
                return pairs.Skip(offset).Take(limit).Select(p => (object?)p.ToPlain()).ToList();
            case "dispatch":
                return await DispatchAsync(request, cancellationToken).ConfigureAwait(false);
            case "user_info":
                return new Dictionary<string, object?>(StringComparer.Ordinal) { ["username"] = user, ["rbac"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["is_admin"] = true } };
            default:
                throw new PythonRequestException("unknown_op", $"unknown request '{op}'");
        }
    }

    private async Task<object?> DispatchAsync(Dictionary<string, object?> request, CancellationToken cancellationToken)
    {
        if (triggers is null)
        {
            throw new PythonRequestException("refused", "this host has no trigger bus");
        }

        var trigger = request.GetValueOrDefault("trigger") as string ?? string.Empty;
        if (triggerTypeKnown is not null && !triggerTypeKnown(trigger))
        {
            var reason = $"Trigger type '{trigger}' does not exist in the loaded packs";
            dispatchRejected?.Invoke(trigger, reason);
            throw new PythonRequestException("invalid_payload", reason);
        }

        if (request.GetValueOrDefault("payload") is not Dictionary<string, object?> payload)
        {
            var reason = $"Payload for trigger '{trigger}' must be an object";
            dispatchRejected?.Invoke(trigger, reason);
            throw new PythonRequestException("invalid_payload", reason);
        }

        try
        {
            var instance = await triggers.DispatchAsync(trigger, payload, request.GetValueOrDefault("trace_tag") as string, cancellationToken: cancellationToken).ConfigureAwait(false);
            return instance.Id;
        }
        catch (InvalidTriggerPayloadException ex)
        {
            dispatchRejected?.Invoke(trigger, ex.Message);
            throw new PythonRequestException("invalid_payload", ex.Message);
        }
    }

    private KeyValueService Store() => keyValues ?? throw new PythonRequestException("refused", "this host has no key-value store");

    private static string Name(Dictionary<string, object?> request) =>
        request.GetValueOrDefault("name") is string { Length: > 0 } name ? name : throw new PythonRequestException("bad_request", "a datastore request needs a key name");
}
