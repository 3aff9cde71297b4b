namespace ServerlessFlow.Core.Orquesta.Rehearsal;

/// <summary>When a rehearsal saves the conductor to JSON and rebuilds it (simulating persistence).</summary>
public enum RoundTripMode
{
    /// <summary>Never.</summary>
    None,

    /// <summary>Between batches of next tasks, as orquesta's rehearsal harness does.</summary>
    EveryBatch,

    /// <summary>After every event (the strictest replay check).</summary>
    EveryEvent,
}
