namespace ServerlessFlow.Core.Orquesta.Conducting;

/// <summary>What the conductor asks its driver to do after an event.</summary>
public abstract record ConductorCommand;
