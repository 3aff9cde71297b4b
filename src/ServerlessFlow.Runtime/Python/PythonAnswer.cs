using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Runtime.Python;

/// <summary>A worker's answer to a host request: a value, or an error (<c>{"kind", "message", "detail"?}</c>).</summary>
/// <param name="Value">The answer value.</param>
/// <param name="Error">The error, when the request failed.</param>
public sealed record PythonAnswer(object? Value, Dictionary<string, object?>? Error)
{
    /// <summary>The error's message, or null.</summary>
    public string? ErrorMessage => Error?.GetValueOrDefault("message") as string ?? (Error is null ? null : JsonText.Serialize(Error));

    /// <summary>The error's kind, or null.</summary>
    public string? ErrorKind => Error?.GetValueOrDefault("kind") as string;
}
