namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>st2's <c>st2kv.system.key</c> / <c>st2kv.user.key</c> in templates: attribute access
/// builds the key name (<c>st2kv.system.a.b</c> reads key <c>a.b</c>); rendering reads the value
/// (an empty string when the key does not exist, as st2's KeyValueLookup does); the
/// <c>decrypt_kv</c> filter reads it decrypted.</summary>
internal sealed class JinjaKeyValueLookup
{
    private readonly IKeyValueLookup? _store;

    public JinjaKeyValueLookup(IKeyValueLookup? store, string? scope, string key)
    {
        _store = store;
        Scope = scope;
        Key = key;
    }

    /// <summary>"system" or "user"; null for the <c>st2kv</c> root.</summary>
    public string? Scope { get; }

    /// <summary>The key name built so far (empty at the scope level).</summary>
    public string Key { get; }

    /// <summary>One attribute further down: the scope at the root, then the key.</summary>
    public JinjaKeyValueLookup Child(string name) =>
        Scope is null ? new JinjaKeyValueLookup(_store, name, string.Empty) : new JinjaKeyValueLookup(_store, Scope, Key.Length == 0 ? name : Key + "." + name);

    /// <summary>The stored value (as stored, usually a string), or "" when absent.</summary>
    public object? Resolve(bool decrypt = false)
    {
        if (Scope is null || Key.Length == 0 || _store is null)
        {
            return string.Empty;
        }

        return _store.TryGet(Scope, Key, decrypt, out var value) ? value : string.Empty;
    }

    /// <summary>True when the key exists in the store.</summary>
    public bool Exists() => Scope is not null && Key.Length > 0 && _store is not null && _store.TryGet(Scope, Key, false, out _);
}
