using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Payloads;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Enforcements;

/// <summary><see cref="IEnforcementStore"/> on Table Storage: record rows by id, newest-first index rows overall, by rule and by trigger instance.</summary>
public sealed class TableEnforcementStore : TableRecordStore<RuleEnforcementState>, IEnforcementStore
{
    /// <summary>Creates the store over an existing table and payload store.</summary>
    public TableEnforcementStore(TableClient table, IPayloadStore payloads)
        : base(new TableRecordTable<RuleEnforcementState>(
            table, payloads, "rule enforcement", e => e.Id, e => e.Version, e => e.ToPlain(), RuleEnforcementState.FromPlain, Indexes,
            e => [new("Rule", e.RuleRef)]))
    {
    }

    /// <inheritdoc/>
    public Task<RecordPage<RuleEnforcementState>> ListAsync(EnforcementQuery query, CancellationToken cancellationToken = default) =>
        Table.PageAsync(
            query.TriggerInstanceId is { } instance ? TableKeys.IndexPartition("instance", instance)
            : query.Rule is { } rule ? TableKeys.IndexPartition("rule", rule)
            : TableKeys.IndexPartition("all", string.Empty),
            query.Matches,
            query.Limit,
            query.ContinuationToken,
            cancellationToken);

    private static IEnumerable<(string, string)> Indexes(RuleEnforcementState e)
    {
        var key = SortKeys.NewestFirst(e.EnforcedAt, e.Id);
        yield return (TableKeys.IndexPartition("all", string.Empty), key);
        yield return (TableKeys.IndexPartition("rule", e.RuleRef), key);
        yield return (TableKeys.IndexPartition("instance", e.TriggerInstanceId), key);
    }
}
