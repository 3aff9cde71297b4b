namespace ServerlessFlow.Core.ActionChains;

/// <summary>Something wrong with an ActionChain definition: where (a path such as <c>chain[1].on-success</c>, "" for the
/// whole file) and StackStorm's message for it.</summary>
/// <param name="Path">The path of the offending value in the definition.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ActionChainProblem(string Path, string Message);
