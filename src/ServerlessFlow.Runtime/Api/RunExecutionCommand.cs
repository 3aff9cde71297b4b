namespace ServerlessFlow.Runtime.Api;

/// <summary>Run the stored <c>requested</c> execution <paramref name="ExecutionId"/> of <paramref name="ActionRef"/> with the
/// parameters as given (<paramref name="ParametersJson"/>, a JSON object; they are resolved again when it runs).</summary>
/// <param name="ExecutionId">The execution record created when the run was requested.</param>
/// <param name="ActionRef">The action, pack.name.</param>
/// <param name="ParametersJson">The given parameters as a JSON object.</param>
public sealed record RunExecutionCommand(string ExecutionId, string ActionRef, string ParametersJson);
