using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ServerlessFlow.Testing;

/// <summary>Everything an Azurite instance stores, as text, for tests that prove a secret never reaches storage in clear
/// (shared by the test projects through ServerlessFlow.Testing).</summary>
public static class AzuriteContents
{
    /// <summary>Every table row (as <c>key=value</c> lines) and every blob's content, read through the storage APIs.</summary>
    public static async Task<string> StoredTextAsync(string connectionString)
    {
        var everything = new StringBuilder();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                foreach (var (key, value) in entity)
                {
                    everything.Append(key).Append('=').Append(value).Append('\n');
                }
            }
        }

        var blobs = new BlobServiceClient(connectionString);
        await foreach (var container in blobs.GetBlobContainersAsync())
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                everything.Append((await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString());
            }
        }

        return everything.ToString();
    }

    /// <summary>Every queued message (peeked, up to 32 per queue), as stored and, when it is Base64, decoded.</summary>
    public static async Task<string> QueuedTextAsync(string connectionString)
    {
        var everything = new StringBuilder();
        var queues = new QueueServiceClient(connectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var text = message.Body.ToString();
                everything.Append(text).Append('\n');
                try
                {
                    everything.Append(Encoding.UTF8.GetString(Convert.FromBase64String(text))).Append('\n');
                }
                catch (FormatException)
                {
                    // Not Base64: the text above is all there is.
                }
            }
        }

        return everything.ToString();
    }

    /// <summary>The text of every file in Azurite's data folder that can be read now (Azurite holds some open; their
    /// contents were read through the APIs by <see cref="StoredTextAsync"/>).</summary>
    public static async Task<List<string>> DataFolderTextsAsync(string dataFolder)
    {
        var texts = new List<string>();
        foreach (var file in Directory.EnumerateFiles(dataFolder, "*", SearchOption.AllDirectories))
        {
            try
            {
                texts.Add(Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
            }
            catch (IOException)
            {
                // Held open by Azurite.
            }
        }

        return texts;
    }
}
