using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Runtime.Records;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>Use case: StackStorm's datastore — set, get, list by prefix and delete keys in the system and user scopes, with TTL
/// expiry, secrets encrypted at rest, and <c>core.st2.key_value_pair.*</c> trigger instances on every change.</summary>
public sealed class KeyValueService : IKeyValueLookup
{
    /// <summary>Trigger type dispatched when a key is created.</summary>
    public const string CreateTrigger = "core.st2.key_value_pair.create";

    /// <summary>Trigger type dispatched when a key is written again.</summary>
    public const string UpdateTrigger = "core.st2.key_value_pair.update";

    /// <summary>Trigger type dispatched when a key's value changes.</summary>
    public const string ValueChangeTrigger = "core.st2.key_value_pair.value_change";

    /// <summary>Trigger type dispatched when a key is deleted.</summary>
    public const string DeleteTrigger = "core.st2.key_value_pair.delete";

    private const int MaxAttempts = 5;
    private readonly IKeyValueStore store;
    private readonly SecretCipher? cipher;
    private readonly TimeProvider time;
    private readonly TriggerDispatcher? triggers;

    /// <summary>Creates the service. Without a <paramref name="cipher"/> secrets are refused; without <paramref name="triggers"/> no trigger instances are sent.</summary>
    public KeyValueService(IKeyValueStore store, SecretCipher? cipher, TimeProvider time, TriggerDispatcher? triggers = null)
    {
        this.store = store;
        this.cipher = cipher;
        this.time = time;
        this.triggers = triggers;
    }

    /// <summary>Sets a key. <paramref name="ttlSeconds"/> makes it expire. Secrets are encrypted before they reach the store.</summary>
    public async Task<KeyValuePairState> SetAsync(
        string name,
        string value,
        KeyValueScope scope = KeyValueScope.System,
        string? user = null,
        bool secret = false,
        long? ttlSeconds = null,
        CancellationToken cancellationToken = default)
    {
        ValidateKey(name, scope, user);
        if (ttlSeconds is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ttlSeconds), ttlSeconds, "TTL must be a positive number of seconds.");
        }

        if (secret && cipher is null)
        {
            throw new InvalidOperationException($"Cannot store secret '{name}': no datastore encryption key is configured (set SFLOW_DATASTORE_KEY to a base64 key of 32 bytes, e.g. `openssl rand -base64 32`, where the server runs).");
        }

        var now = time.GetUtcNow();
        var candidate = new KeyValuePairState
        {
            Name = name,
            Scope = scope,
            User = scope == KeyValueScope.User ? user : null,
            Secret = secret,
            ExpireTimestamp = ttlSeconds is { } ttl ? now.AddSeconds(ttl) : null,
            Value = string.Empty,
        };
        candidate = candidate with { Value = secret ? cipher!.Encrypt(value, candidate.StoreKey) : value };

        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(scope, candidate.User, name, cancellationToken).ConfigureAwait(false);
            if (existing is not null && IsExpired(existing, now))
            {
                await store.DeleteAsync(existing, cancellationToken).ConfigureAwait(false);
                existing = null;
            }

            try
            {
                if (existing is null)
                {
                    var (stored, created) = await store.CreateAsync(candidate, cancellationToken).ConfigureAwait(false);
                    if (!created)
                    {
                        continue;
                    }

                    await EmitAsync(CreateTrigger, Payload("object", stored), cancellationToken).ConfigureAwait(false);
                    return stored;
                }

                var updated = await store.UpdateAsync(candidate with { Version = existing.Version }, cancellationToken).ConfigureAwait(false);
                await EmitAsync(UpdateTrigger, Payload("object", updated), cancellationToken).ConfigureAwait(false);
                if (!SameValue(existing, updated))
                {
                    var change = new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["old_object"] = existing.ToPlain(),
                        ["new_object"] = updated.ToPlain(),
                    };
                    await EmitAsync(ValueChangeTrigger, change, cancellationToken).ConfigureAwait(false);
                }

                return updated;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else wrote the key between our read and write: read again and retry.
            }
        }
    }

    /// <summary>The value of a key (decrypted when <paramref name="decrypt"/> and secret), or null when absent or expired.</summary>
    public async Task<string?> GetValueAsync(string name, KeyValueScope scope = KeyValueScope.System, string? user = null, bool decrypt = false, CancellationToken cancellationToken = default)
    {
        var pair = await GetAsync(name, scope, user, cancellationToken).ConfigureAwait(false);
        return pair is null ? null : Reveal(pair, decrypt);
    }

    /// <summary>The stored entry (secret values stay encrypted), or null when absent or expired. Expired entries are removed.</summary>
    public async Task<KeyValuePairState?> GetAsync(string name, KeyValueScope scope = KeyValueScope.System, string? user = null, CancellationToken cancellationToken = default)
    {
        ValidateKey(name, scope, user);
        var pair = await store.GetAsync(scope, scope == KeyValueScope.User ? user : null, name, cancellationToken).ConfigureAwait(false);
        if (pair is not null && IsExpired(pair, time.GetUtcNow()))
        {
            await TryDeleteExpiredAsync(pair, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return pair;
    }

    /// <summary>Entries whose names start with <paramref name="prefix"/>, by name; expired entries are skipped.</summary>
    public async Task<IReadOnlyList<KeyValuePairState>> ListAsync(string prefix = "", KeyValueScope scope = KeyValueScope.System, string? user = null, CancellationToken cancellationToken = default)
    {
        if (scope == KeyValueScope.User && string.IsNullOrEmpty(user))
        {
            throw new ArgumentException("User-scoped keys need a user.", nameof(user));
        }

        var now = time.GetUtcNow();
        var pairs = await store.ListAsync(scope, scope == KeyValueScope.User ? user : null, prefix, cancellationToken).ConfigureAwait(false);
        return pairs.Where(p => !IsExpired(p, now)).ToList();
    }

    /// <summary>Deletes a key; false when it did not exist.</summary>
    public async Task<bool> DeleteAsync(string name, KeyValueScope scope = KeyValueScope.System, string? user = null, CancellationToken cancellationToken = default)
    {
        var pair = await GetAsync(name, scope, user, cancellationToken).ConfigureAwait(false);
        if (pair is null || !await store.DeleteAsync(pair, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await EmitAsync(DeleteTrigger, Payload("object", pair), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The clear value of an entry when <paramref name="decrypt"/>, else the stored value.</summary>
    public string Reveal(KeyValuePairState pair, bool decrypt)
    {
        if (!pair.Secret || !decrypt)
        {
            return pair.Value;
        }

        if (cipher is null)
        {
            throw new InvalidOperationException($"Cannot decrypt secret '{pair.Name}': no datastore encryption key is configured (set SFLOW_DATASTORE_KEY to a base64 key of 32 bytes, e.g. `openssl rand -base64 32`, where the server runs).");
        }

        return cipher.Decrypt(pair.Value, pair.StoreKey);
    }

    /// <inheritdoc/>
    bool IKeyValueLookup.TryGet(string scope, string key, bool decrypt, out object? value)
    {
        // Templates are synchronous; the stores answer from memory or a single point read.
        var kvScope = scope is "user" or "st2kv.user" ? KeyValueScope.User : KeyValueScope.System;
        string? user = null;
        var name = key;
        if (kvScope == KeyValueScope.User)
        {
            var colon = key.IndexOf(':', StringComparison.Ordinal);
            user = colon > 0 ? key[..colon] : "stanley";
            name = colon > 0 ? key[(colon + 1)..] : key;
        }

        var pair = GetAsync(name, kvScope, user).GetAwaiter().GetResult();
        value = pair is null ? null : Reveal(pair, decrypt);
        return pair is not null;
    }

    private static bool IsExpired(KeyValuePairState pair, DateTimeOffset now) => pair.ExpireTimestamp is { } e && e <= now;

    private bool SameValue(KeyValuePairState a, KeyValuePairState b) =>
        a.Secret == b.Secret && string.Equals(Reveal(a, decrypt: true), Reveal(b, decrypt: true), StringComparison.Ordinal);

    private async Task TryDeleteExpiredAsync(KeyValuePairState pair, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(pair, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Rewritten meanwhile: the new value is not ours to delete.
        }
    }

    private static Dictionary<string, object?> Payload(string key, KeyValuePairState pair) =>
        new(StringComparer.Ordinal) { [key] = pair.ToPlain() };

    private async Task EmitAsync(string trigger, Dictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        if (triggers is not null)
        {
            await triggers.DispatchAsync(trigger, payload, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static void ValidateKey(string name, KeyValueScope scope, string? user)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A key name must not be empty.", nameof(name));
        }

        if (name.Length > 512)
        {
            throw new ArgumentException($"Key name is {name.Length} characters; the limit is 512.", nameof(name));
        }

        if (scope == KeyValueScope.User && string.IsNullOrEmpty(user))
        {
            throw new ArgumentException($"User-scoped key '{name}' needs a user.", nameof(user));
        }

        if (user is not null && user.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException($"User name '{user}' must not contain '/'.", nameof(user));
        }
    }
}
