namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>A clock the test moves by hand (timers tick only when the test calls them).</summary>
internal sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <summary>Moves the clock forward.</summary>
    public void Advance(TimeSpan by) => now += by;
}
