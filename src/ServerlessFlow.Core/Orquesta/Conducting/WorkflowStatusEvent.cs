namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>The workflow was requested to change status: <c>running</c> (requested or resumed),
/// <c>pausing</c>/<c>paused</c>, <c>canceling</c>/<c>canceled</c>, <c>failed</c>…</summary>
/// <param name="Status">The requested orquesta status.</param>
public sealed record WorkflowStatusEvent(string Status) : WorkflowEvent;
