using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>One datastore entry as stored. For secrets <see cref="Value"/> holds ciphertext, never the clear value.</summary>
public sealed record KeyValuePairState
{
    /// <summary>The key name (may contain dots, colons, slashes).</summary>
    public required string Name { get; init; }

    /// <summary>The scope.</summary>
    public KeyValueScope Scope { get; init; } = KeyValueScope.System;

    /// <summary>The owning user for user-scoped keys; null for system keys.</summary>
    public string? User { get; init; }

    /// <summary>The stored value: clear text for plain keys, ciphertext (see <see cref="SecretCipher"/>) for secrets.</summary>
    public required string Value { get; init; }

    /// <summary>True when the value is a secret (and so <see cref="Value"/> is encrypted).</summary>
    public bool Secret { get; init; }

    /// <summary>When the key expires, if it has a TTL.</summary>
    public DateTimeOffset? ExpireTimestamp { get; init; }

    /// <summary>The store's version as read.</summary>
    public string? Version { get; init; }

    /// <summary>The StackStorm scope name ("st2kv.system" / "st2kv.user").</summary>
    public string ScopeName => Scope == KeyValueScope.System ? "st2kv.system" : "st2kv.user";

    /// <summary>The record as StackStorm's key-value API shapes it (secret values stay encrypted).</summary>
    public Dictionary<string, object?> ToPlain() => new(StringComparer.Ordinal)
    {
        ["name"] = Name,
        ["scope"] = ScopeName,
        ["user"] = User,
        ["value"] = Value,
        ["secret"] = Secret,
        ["encrypted"] = Secret,
        ["expire_timestamp"] = ExpireTimestamp is { } e ? PlainRecord.FormatTimestamp(e) : null,
    };

    /// <summary>Reads a record written by <see cref="ToPlain"/>.</summary>
    public static KeyValuePairState FromPlain(Dictionary<string, object?> data, string? version) => new()
    {
        Name = PlainRecord.RequireString(data, "name"),
        Scope = PlainRecord.RequireString(data, "scope") switch
        {
            "st2kv.system" => KeyValueScope.System,
            "st2kv.user" => KeyValueScope.User,
            var other => throw new FormatException($"Unknown key-value scope '{other}'."),
        },
        User = PlainRecord.OptionalString(data, "user"),
        Value = PlainRecord.RequireString(data, "value"),
        Secret = data.GetValueOrDefault("secret") is true,
        ExpireTimestamp = PlainRecord.OptionalTimestamp(data, "expire_timestamp"),
        Version = version,
    };

    /// <summary>The identity of the entry inside the store: scope, user and name.</summary>
    public string StoreKey => StoreKeyOf(Scope, User, Name);

    /// <summary>The identity of an entry inside the store.</summary>
    public static string StoreKeyOf(KeyValueScope scope, string? user, string name) =>
        scope == KeyValueScope.System ? "system/" + name : "user/" + user + "/" + name;
}
