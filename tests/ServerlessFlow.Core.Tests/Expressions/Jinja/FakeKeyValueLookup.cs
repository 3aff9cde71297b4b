using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Expressions.Jinja;

/// <summary>A key-value store built from a golden case's "kv" object: {"system": {...}, "user": {...},
/// "decrypted": {"system.key": plain}}.</summary>
internal sealed class FakeKeyValueLookup(Dictionary<string, object?> data) : IKeyValueLookup
{
    public bool TryGet(string scope, string key, bool decrypt, out object? value)
    {
        value = null;
        if (data.GetValueOrDefault(scope) is not Dictionary<string, object?> values || !values.TryGetValue(key, out var stored))
        {
            return false;
        }

        value = stored;
        if (decrypt && data.GetValueOrDefault("decrypted") is Dictionary<string, object?> plain && plain.TryGetValue(scope + "." + key, out var clear))
        {
            value = clear;
        }

        return true;
    }
}
