using ServerlessFlow.Core.Expressions;

namespace ServerlessFlow.Core.Tests.Rules;

/// <summary>An in-memory key-value store for templates: scope → key → value.</summary>
internal sealed class DictionaryKeyValues(Dictionary<string, Dictionary<string, object?>> values) : IKeyValueLookup
{
    public bool TryGet(string scope, string key, bool decrypt, out object? value)
    {
        value = null;
        return values.TryGetValue(scope, out var keys) && keys.TryGetValue(key, out value);
    }
}
