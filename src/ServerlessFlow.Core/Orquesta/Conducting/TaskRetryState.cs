namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A task's retry bookkeeping: condition, count, delay (rendered) and tries so far.</summary>
public sealed class TaskRetryState
{
    /// <summary>Condition expression, or null (retry when abended).</summary>
    public string? When { get; set; }

    /// <summary>The rendered retry count.</summary>
    public object? Count { get; set; }

    /// <summary>The rendered delay, or null.</summary>
    public object? Delay { get; set; }

    /// <summary>Retries so far.</summary>
    public long Tally { get; set; }

    /// <summary>A copy.</summary>
    public TaskRetryState Clone() => new() { When = When, Count = Count, Delay = Delay, Tally = Tally };
}
