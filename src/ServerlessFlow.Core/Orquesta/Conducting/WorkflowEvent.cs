namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>Something that happened to a workflow execution, fed to <see cref="WorkflowConductor.Apply(WorkflowEvent)"/>.</summary>
public abstract record WorkflowEvent;
