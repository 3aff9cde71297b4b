using Azure;
using Azure.Storage.Blobs;
using ServerlessFlow.Runtime.Payloads;

namespace ServerlessFlow.Azure.Payloads;

/// <summary><see cref="IPayloadStore"/> on Azure Blob Storage: one block blob per payload in one container.</summary>
public sealed class BlobPayloadStore : IPayloadStore
{
    private readonly BlobContainerClient container;

    /// <summary>Wraps <paramref name="container"/> (created by <see cref="Storage.TableStorageStores"/>).</summary>
    public BlobPayloadStore(BlobContainerClient container) => this.container = container;

    /// <inheritdoc/>
    public async Task PutAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            var download = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return download.Value.Content.ToArray();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var response = await container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Value;
    }
}
