using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Enforcements;

/// <summary>In-memory <see cref="IEnforcementStore"/>.</summary>
public sealed class InMemoryEnforcementStore : IEnforcementStore
{
    private readonly InMemoryRecordTable<RuleEnforcementState> table = new(
        "rule enforcement", e => e.Id, e => e.Version, e => SortKeys.NewestFirst(e.EnforcedAt, e.Id), e => e.ToPlain(), RuleEnforcementState.FromPlain);

    /// <inheritdoc/>
    public Task<(RuleEnforcementState Stored, bool Created)> CreateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Create(enforcement));

    /// <inheritdoc/>
    public Task<RuleEnforcementState?> GetAsync(string id, CancellationToken cancellationToken = default) => Task.FromResult(table.Get(id));

    /// <inheritdoc/>
    public Task<RuleEnforcementState> UpdateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Update(enforcement));

    /// <inheritdoc/>
    public Task<RecordPage<RuleEnforcementState>> ListAsync(EnforcementQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(table.Page(query.Matches, query.Limit, query.ContinuationToken));
}
