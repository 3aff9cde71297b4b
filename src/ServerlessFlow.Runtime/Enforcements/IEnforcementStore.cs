using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Enforcements;

/// <summary>Port: where rule enforcements are kept. Creates are idempotent on the deterministic id.</summary>
public interface IEnforcementStore
{
    /// <summary>Inserts unless the id exists; returns the stored record and whether this call created it.</summary>
    Task<(RuleEnforcementState Stored, bool Created)> CreateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default);

    /// <summary>The enforcement with this id, or null.</summary>
    Task<RuleEnforcementState?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Replaces the record if the version still matches.</summary>
    Task<RuleEnforcementState> UpdateAsync(RuleEnforcementState enforcement, CancellationToken cancellationToken = default);

    /// <summary>Enforcements newest first, filtered and paged.</summary>
    Task<RecordPage<RuleEnforcementState>> ListAsync(EnforcementQuery query, CancellationToken cancellationToken = default);
}
