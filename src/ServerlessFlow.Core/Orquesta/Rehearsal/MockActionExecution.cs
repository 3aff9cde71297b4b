namespace ServerlessFlow.Core.Orquesta.Rehearsal;

/// <summary>A mocked action execution for a rehearsal (orquesta's <c>mock_action_executions</c> entry).</summary>
public sealed class MockActionExecution
{
    /// <summary>The task the mock applies to.</summary>
    public required string Task { get; init; }

    /// <summary>The status the action ends with (default succeeded).</summary>
    public string Status { get; init; } = "succeeded";

    /// <summary>The action result.</summary>
    public object? Result { get; init; }

    /// <summary>Only for the task execution at this index of the sequence.</summary>
    public long? SeqId { get; init; }

    /// <summary>For with-items: the item this result is for.</summary>
    public long? ItemId { get; init; }

    /// <summary>How many times the mock is used before the next one is taken (default 1).</summary>
    public long NumIter { get; init; } = 1;

    /// <summary>First iteration (default 0).</summary>
    public long IterId { get; init; }

    internal long IterPos { get; set; }

    /// <summary>Reads a mock from a plain dictionary (<c>task</c> or <c>task_id</c>, <c>status</c>,
    /// <c>result</c>, <c>seq_id</c>, <c>item_id</c>, <c>num_iter</c>, <c>iter_id</c>).</summary>
    public static MockActionExecution FromValue(object? value)
    {
        if (value is not Dictionary<string, object?> d)
        {
            throw new ArgumentException("A mock action execution must be a mapping.", nameof(value));
        }

        var task = (d.GetValueOrDefault("task") ?? d.GetValueOrDefault("task_id")) as string
            ?? throw new ArgumentException("A mock action execution needs \"task\".", nameof(value));
        var mock = new MockActionExecution
        {
            Task = task,
            Status = d.GetValueOrDefault("status") as string is { Length: > 0 } s ? s : "succeeded",
            Result = d.GetValueOrDefault("result"),
            SeqId = d.GetValueOrDefault("seq_id") as long?,
            ItemId = d.GetValueOrDefault("item_id") as long?,
            NumIter = d.GetValueOrDefault("num_iter") as long? ?? 1,
            IterId = d.GetValueOrDefault("iter_id") as long? ?? 0,
        };
        mock.IterPos = mock.IterId - 1;
        return mock;
    }
}
