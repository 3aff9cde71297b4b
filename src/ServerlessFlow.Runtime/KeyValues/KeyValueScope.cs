namespace ServerlessFlow.Runtime.KeyValues;

/// <summary>StackStorm's datastore scopes: shared <c>system</c> keys and per-user <c>user</c> keys.</summary>
public enum KeyValueScope
{
    System,
    User,
}
