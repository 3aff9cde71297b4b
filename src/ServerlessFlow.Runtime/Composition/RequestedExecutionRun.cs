namespace ServerlessFlow.Runtime.Composition;

/// <summary>How <c>POST /api/v1/executions</c> runs a non-workflow action.</summary>
public enum RequestedExecutionRun
{
    /// <summary>To its end inside the request (<c>sflow serve</c>, where no front end cuts long requests).</summary>
    InRequest,

    /// <summary>Stored requested and run by the <c>sflow-run-execution</c> orchestration, so the API answers at once (the
    /// Functions app, whose front end cuts requests after 230 s; the host must register that orchestration).</summary>
    DurableOrchestration,
}
