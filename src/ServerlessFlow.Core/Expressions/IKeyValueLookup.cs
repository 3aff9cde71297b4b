namespace ServerlessFlow.Core.Expressions;

/// <summary>Read access to the key-value store for templates (<c>st2kv</c>), supplied by the caller.</summary>
public interface IKeyValueLookup
{
    /// <summary>Looks up a key; <paramref name="scope"/> is "system" or "user"; returns false when absent.</summary>
    bool TryGet(string scope, string key, bool decrypt, out object? value);
}
