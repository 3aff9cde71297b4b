using System.Collections.Concurrent;

namespace ServerlessFlow.Runtime.Payloads;

/// <summary>In-memory <see cref="IPayloadStore"/>.</summary>
public sealed class InMemoryPayloadStore : IPayloadStore
{
    private readonly ConcurrentDictionary<string, byte[]> payloads = new(StringComparer.Ordinal);

    /// <summary>Names currently stored.</summary>
    public IReadOnlyCollection<string> Names => payloads.Keys.ToList();

    /// <inheritdoc/>
    public Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        payloads[name] = content.ToArray();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(payloads.TryGetValue(name, out var content) ? (byte[]?)content.ToArray() : null);

    /// <inheritdoc/>
    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(payloads.TryRemove(name, out _));
}
