namespace ServerlessFlow.Core.Orquesta.Graphs;

/// <summary>An edge of the workflow graph: from a task to the next one, with its criteria.</summary>
/// <param name="Source">The task the transition leaves.</param>
/// <param name="Destination">The task (or engine command) it leads to.</param>
/// <param name="Key">Index among the edges between the same two tasks (orquesta's multigraph key).</param>
/// <param name="Criteria">The conditions (zero or one <c>when</c> expression).</param>
/// <param name="Ref">Index of the transition in the source task's <c>next</c>.</param>
public sealed record TaskTransition(string Source, string Destination, int Key, IReadOnlyList<string> Criteria, int Ref)
{
    /// <summary>orquesta's transition id as seen from the source task: <c>destination__tKey</c>.</summary>
    public string Id { get; } = Destination + "__t" + Key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The id of this transition as recorded in routes: <c>source__tKey</c>.</summary>
    public string RouteId { get; } = Source + "__t" + Key.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
