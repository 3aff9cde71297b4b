namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>Condition-based waiting with a generous ceiling (the machine is often loaded): never a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds for its value and returns that value; after
    /// <paramref name="ceiling"/> fails naming <paramref name="what"/>, the last value seen and <paramref name="diagnostics"/>.</summary>
    public static async Task<T> WaitAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan ceiling, string what, Func<string>? diagnostics = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        var deadline = DateTimeOffset.UtcNow + ceiling;
        var pause = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {ceiling.TotalSeconds:F0} s for {what}; last seen: {Describe(value)}\n{diagnostics?.Invoke()}");
            }

            await Task.Delay(pause).ConfigureAwait(false);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 1.5, 1000));
        }
    }

    private static string Describe<T>(T value)
    {
        var text = value switch
        {
            null => "null",
            string s => s,
            System.Collections.ICollection c => $"{c.Count} item(s)",
            _ => value.ToString() ?? "?",
        };
        return text.Length > 2000 ? text[..2000] + "…" : text;
    }
}
