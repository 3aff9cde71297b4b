using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ServerlessFlow.Runtime.Timers;

namespace ServerlessFlow.Azure.Timers;

/// <summary>The Table Storage <see cref="ITimerStartStore"/>: one row per timer (PartitionKey <c>timer</c>, RowKey the SHA-256 of
/// the timer key, which may hold characters Table keys forbid; the key itself is kept in a <c>Timer</c> column), written
/// insert-if-absent, so every instance of the app reads the first writer's time.</summary>
public sealed class TableTimerStartStore(TableClient table) : ITimerStartStore
{
    private const string Partition = "timer";

    /// <inheritdoc />
    public async Task<DateTimeOffset> FirstSeenAsync(string timerKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timerKey);
        var row = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(timerKey)));
        // Whole milliseconds: what the first writer returns is then exactly what every later reader gets back.
        var at = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        try
        {
            await table.AddEntityAsync(new TableEntity(Partition, row) { ["Timer"] = timerKey, ["FirstSeen"] = at }, cancellationToken).ConfigureAwait(false);
            return at;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another instance (or an earlier deployment) saw this timer first: its time stands.
            var stored = await table.GetEntityAsync<TableEntity>(Partition, row, cancellationToken: cancellationToken).ConfigureAwait(false);
            return stored.Value.GetDateTimeOffset("FirstSeen")
                ?? throw new InvalidOperationException($"Timer start row {row} in table {table.Name} has no FirstSeen column.");
        }
    }
}
