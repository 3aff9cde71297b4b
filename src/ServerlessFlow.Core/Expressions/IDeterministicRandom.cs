namespace ServerlessFlow.Core.Expressions;

/// <summary>
/// A pseudo-random source that the caller owns and can replay: the same state gives the same draws.
/// YAQL's <c>random()</c> reads it; without one, <c>random()</c> is refused (a workflow must give
/// the same answers when a Durable orchestration replays it).
/// </summary>
public interface IDeterministicRandom
{
    /// <summary>The next draw in [0, 1), as Python's <c>random.random()</c>.</summary>
    double NextDouble();
}
