namespace ServerlessFlow.Runtime.Payloads;

/// <summary>Port: large values (over ~32 KB) that do not fit in a table row, kept by name.</summary>
public interface IPayloadStore
{
    /// <summary>Writes (or overwrites) the payload under <paramref name="name"/>.</summary>
    Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The payload, or null when absent.</summary>
    Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes the payload; false when it was absent.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default);
}
