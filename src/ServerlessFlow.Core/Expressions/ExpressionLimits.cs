namespace ServerlessFlow.Core.Expressions;

/// <summary>Safety limits for every evaluator: exceeding one is an <see cref="ExpressionErrorKind.Limit"/> error, never a hang.</summary>
/// <param name="MaxDepth">Deepest recursion of evaluation (nested calls, nested structures, chains such as <c>1+1+…</c>).</param>
/// <param name="MaxIterations">Most loop iterations (for loops, select/where over items) in one evaluation.</param>
/// <param name="MaxOutputLength">Longest string or collection an evaluation may produce.</param>
/// <param name="RegexTimeout">Match timeout of every regular expression.</param>
public sealed record ExpressionLimits(int MaxDepth = 256, long MaxIterations = 1_000_000, int MaxOutputLength = 16 * 1024 * 1024, TimeSpan RegexTimeout = default)
{
    /// <summary>The limits used when none are given (regex timeout 1 s, 256 MiB allocated per evaluation).</summary>
    public static ExpressionLimits Default { get; } = new() { RegexTimeout = TimeSpan.FromSeconds(1) };

    /// <summary>Most bytes one evaluation may allocate (what the evaluating thread allocates between its start and each check:
    /// loop steps, function and filter calls, produced strings and collections). It bounds an expression's memory whatever
    /// function does the allocating; a typical expression allocates a few kilobytes.</summary>
    public long MaxAllocatedBytes { get; init; } = 256L * 1024 * 1024;
}
