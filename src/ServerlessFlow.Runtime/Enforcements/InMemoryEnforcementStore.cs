using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Enforcements;

/// <summary>In-memory <see cref="IEnforcementStore"/>.</summary>
public sealed class InMemoryEnforcementStore() : InMemoryRecordStore<RuleEnforcementState>(new(
    "rule enforcement", e => e.Id, e => e.Version, e => SortKeys.NewestFirst(e.EnforcedAt, e.Id), e => e.ToPlain(), RuleEnforcementState.FromPlain)),
    IEnforcementStore
{
    /// <inheritdoc/>
    public Task<RecordPage<RuleEnforcementState>> ListAsync(EnforcementQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(Table.Page(query.Matches, query.Limit, query.ContinuationToken));
}
