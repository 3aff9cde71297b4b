using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using Azure.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Durable;

namespace ServerlessFlow.Benchmarks.Durable;

/// <summary>
/// Where the milliseconds of one sequential durable step go on the Azure Storage backend over
/// Azurite: runs a chain of trivial activities with every backend and sidecar log line and every
/// Azure SDK request timestamped, then prints one step's timeline and per-step storage request
/// counts. Not a benchmark (one run, noisy); it explains the <see cref="DurableStepBenchmarks"/> figure.
/// Run: <c>dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- profile-durable-step [no-sessions]</c>.
/// </summary>
internal static class DurableStepProfile
{
    private const int Steps = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        bool sessions = !args.Contains("no-sessions", StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var lines = new ConcurrentQueue<(double At, string Source, string Text)>();
        void Note(string source, string text) => lines.Enqueue((clock.Elapsed.TotalMilliseconds, source, text));

        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync();
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("DurableTask", LogLevel.Debug)
            .AddFilter("Microsoft.DurableTask", LogLevel.Debug)
            .AddProvider(new NoteLoggerProvider(Note)));
        await using LocalDurableEngine engine = await LocalDurableEngine.StartAsync(new LocalDurableEngineOptions
        {
            Backend = DurableBackendKind.AzureStorage,
            StorageConnectionString = azurite.ConnectionString,
            TaskHubName = "profile" + Environment.ProcessId,
            LoggerFactory = loggerFactory,
            ExtendedSessionIdleTimeout = sessions ? TimeSpan.FromSeconds(30) : TimeSpan.Zero,
            Tasks = registry =>
            {
                registry.AddActivityFunc<int, int>("Step", (_, n) =>
                {
                    Note("activity", "Step " + n.ToString(CultureInfo.InvariantCulture) + " runs");
                    return n + 1;
                });
                registry.AddOrchestratorFunc<int, int>("Chain", async (context, count) =>
                {
                    int n = 0;
                    for (int i = 0; i < count; i++)
                    {
                        if (!context.IsReplaying)
                        {
                            Note("orchestrator", "schedules Step " + n.ToString(CultureInfo.InvariantCulture));
                        }

                        n = await context.CallActivityAsync<int>("Step", n);
                    }

                    return n;
                });
            },
        });

        // Warm up (JIT, table and queue creation), then profile one run.
        await RunChainAsync(engine, "warmup");
        lines.Clear();
        using var listener = new AzureEventSourceListener(
            (e, message) =>
            {
                if (e.EventName is "Request" or "Response")
                {
                    Note("storage", message);
                }
            },
            EventLevel.Informational);
        clock.Restart();
        await RunChainAsync(engine, "profiled");
        double total = clock.Elapsed.TotalMilliseconds;

        var snapshot = lines.OrderBy(l => l.At).ToList();
        Console.WriteLine($"extended sessions {(sessions ? "on" : "off")}: {Steps} steps in {total:F1} ms = {total / Steps:F1} ms per step");
        PrintOneStep(snapshot);
        PrintRequestCounts(snapshot);
        return 0;
    }

    private static async Task RunChainAsync(LocalDurableEngine engine, string id)
    {
        await engine.StartOnceAsync("Chain", id, Steps);
        var done = await engine.WaitForCompletionAsync(id, longestPollDelay: TimeSpan.FromMilliseconds(5));
        int output = LocalDurableEngine.ReadOutput<int>(done);
        if (output != Steps)
        {
            throw new InvalidOperationException($"Chain {id} ended {done.OrchestrationStatus} with output {output}: {done.FailureDetails?.ErrorMessage}");
        }
    }

    private static void PrintOneStep(List<(double At, string Source, string Text)> lines)
    {
        // From the orchestrator scheduling step 10 to it scheduling step 11.
        int from = lines.FindIndex(l => l.Text == "schedules Step 10");
        int to = lines.FindIndex(l => l.Text == "schedules Step 11");
        if (from < 0 || to < 0)
        {
            Console.WriteLine("(step 10 not found in the log)");
            return;
        }

        double start = lines[from].At;
        Console.WriteLine($"--- one step: {lines[to].At - start:F1} ms ---");
        foreach (var (at, source, text) in lines.Skip(from).Take(to - from + 1))
        {
            string shortText = text.Replace('\n', ' ');
            Console.WriteLine($"{at - start,8:F1}  {source,-14} {(shortText.Length > 220 ? shortText[..220] : shortText)}");
        }
    }

    private static void PrintRequestCounts(List<(double At, string Source, string Text)> lines)
    {
        var requests = lines.Where(l => l.Source == "storage" && l.Text.StartsWith("Request [", StringComparison.Ordinal)).ToList();
        Console.WriteLine($"--- storage requests: {requests.Count} in the run, {requests.Count / (double)Steps:F1} per step ---");
        foreach (var group in requests
            .Select(r => Kind(r.Text))
            .GroupBy(k => k)
            .OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"{group.Count() / (double)Steps,6:F1} per step  {group.Key}");
        }
    }

    /// <summary>"Request [id] GET http://127.0.0.1:port/account/queue/messages?..." → "GET queue/messages".</summary>
    private static string Kind(string request)
    {
        string[] words = request.Split([' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4 || !Uri.TryCreate(words[3], UriKind.Absolute, out Uri? uri))
        {
            return request.Length > 80 ? request[..80] : request;
        }

        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string path = string.Join('/', segments.Skip(1).Select(s => s.Contains("-control-", StringComparison.Ordinal) ? "<control-queue>" : s.Contains('(', StringComparison.Ordinal) ? s[..s.IndexOf('(', StringComparison.Ordinal)] + "(…)" : s.Length > 30 ? "<id>" : s));
        return words[2] + " :" + uri.Port.ToString(CultureInfo.InvariantCulture) + " " + path;
    }

    private sealed class NoteLoggerProvider(Action<string, string> note) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new NoteLogger(categoryName[(categoryName.LastIndexOf('.') + 1)..], note);

        public void Dispose()
        {
        }
    }

    private sealed class NoteLogger(string category, Action<string, string> note) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            note(category.Length > 14 ? category[..14] : category, eventId.Name + ": " + formatter(state, exception));
    }
}
