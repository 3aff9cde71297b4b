namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>A request to rerun a task (and what follows it) of a completed workflow.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Route">The task's route.</param>
/// <param name="ResetItems">For with-items: rerun every item, not only the failed ones.</param>
public sealed record TaskRerunRequest(string TaskId, long Route = 0, bool ResetItems = false)
{
    /// <summary>orquesta's <c>task__rN</c> key.</summary>
    public string Key => TaskId + "__r" + Route.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
