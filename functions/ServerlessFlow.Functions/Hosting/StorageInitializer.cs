using Microsoft.Extensions.Hosting;

namespace ServerlessFlow.Functions.Hosting;

/// <summary>Creates the tables and the payload container at start-up if they are missing
/// (the identity has data-plane rights to do so; the template creates only the container).</summary>
internal sealed class StorageInitializer(StorageClients clients) : IHostedService
{
    /// <summary>Tables the app writes.</summary>
    public static readonly string[] Tables = ["TriggerInstances", "Enforcements", "Executions", "Inquiries", "KeyValues", "TimerStarts", "PolicySlots"];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await clients.Payloads.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        if (clients.LocalQueue is not null)
        {
            await clients.LocalQueue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in Tables)
        {
            await clients.Tables.GetTableClient(StorageClients.TablePrefix + table).CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
