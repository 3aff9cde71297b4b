namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>An event about one item of a with-items task.</summary>
/// <param name="ItemId">Index of the item.</param>
/// <param name="Status">The item action's new status.</param>
/// <param name="Result">The item's result.</param>
/// <param name="AccumulatedResult">Results of all items so far (null for those not finished): the task's <c>result()</c>.</param>
public sealed record TaskItemExecutionEvent(int ItemId, string Status, object? Result = null, object? AccumulatedResult = null)
    : ExecutionEvent(Status, Result);
