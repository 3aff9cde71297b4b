namespace ServerlessFlow.Runtime.Policies;

/// <summary>An <c>action.retry</c> policy applies to an ended execution: run it again after <paramref name="Delay"/>.</summary>
/// <param name="PolicyRef">The policy.</param>
/// <param name="RetryCount">The retry's number (1 for the first).</param>
/// <param name="Delay">How long to wait before the retry is requested (the policy's <c>delay</c>, in seconds).</param>
public sealed record RetryPlan(string PolicyRef, int RetryCount, TimeSpan Delay);
