namespace ServerlessFlow.Core.Workflows;

/// <summary>
/// The one entry point through which every host drives a workflow language (Orquesta, ActionChain): state and
/// one event in, new state and the actions to run out. Pure and deterministic, because Durable orchestrations replay it:
/// it reads no clock, draws no random number, makes no id, does no I/O (time and ids come in with events and context).
/// It holds everything StackStorm's workflow service does around a language's conductor: starting it, recording requested
/// actions as running, feeding action results back (with-items results accumulated per task), tasks with no action,
/// resuming a workflow paused on an inquiry when the answer comes, and the result's shape. The Durable orchestrator
/// (through its serialisation adapter), <c>sflow workflow rehearse</c> and the conformance suite all call it.
/// </summary>
public interface IWorkflowEngine
{
    /// <summary>Starts a workflow: its first actions, already recorded running (or its end, when its input cannot be rendered).</summary>
    /// <exception cref="WorkflowEngineException">The workflow is unknown or its definition cannot run.</exception>
    WorkflowTurn Start(WorkflowStart start);

    /// <summary>Applies one event to <paramref name="state"/>. A control request the workflow's status does not allow
    /// (resume of a running workflow…) changes nothing, as StackStorm refuses it.</summary>
    /// <exception cref="WorkflowEngineException">The event cannot apply (unknown task, a finished workflow).</exception>
    WorkflowTurn Apply(WorkflowEngineState state, WorkflowEngineEvent engineEvent);

    /// <summary>Applies events that happened together (several actions that finished at once), in order, and then starts
    /// what is ready once: as orquesta's rehearsal harness completes a batch of tasks before asking for the next. One event
    /// is the same as <see cref="Apply(WorkflowEngineState, WorkflowEngineEvent)"/>.</summary>
    /// <exception cref="WorkflowEngineException">An event cannot apply.</exception>
    WorkflowTurn Apply(WorkflowEngineState state, IReadOnlyList<WorkflowEngineEvent> engineEvents);

    /// <summary>Continues the finished workflow saved in <paramref name="state"/> under a new execution from the tasks
    /// <paramref name="rerun"/> names (StackStorm's <c>re_run</c> with <c>tasks</c>): the first actions to run again, already
    /// recorded running.</summary>
    /// <exception cref="WorkflowEngineException">The workflow cannot be re-run so (still active, an unknown task, a language
    /// that has no re-run from tasks); the message says why in StackStorm's words.</exception>
    WorkflowTurn Rerun(WorkflowEngineState state, WorkflowRerun rerun);
}
