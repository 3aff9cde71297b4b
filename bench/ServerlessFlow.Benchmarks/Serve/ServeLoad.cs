using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Core.Diagnostics;
using Azure.Data.Tables;
using ServerlessFlow.Azure.Storage;
using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Benchmarks.Serve;

/// <summary>
/// Load driver for <c>sflow serve</c> (the C# replacement of <c>bench/serve/serve_load.py</c>): starts the serve host
/// in this process on a private Azurite (or in memory) with the repository's packs, then measures over HTTP
/// <list type="number">
/// <item>webhook → execution started: POST <c>/api/v1/webhooks/greet</c> with a unique trace tag, then poll
/// <c>GET /api/v1/executions?trace_tag=…</c> every 2 ms until the workflow execution exists (sequential samples);</item>
/// <item>sustained events/s: N posts from C concurrent senders; the accept rate, and the rates at which the events became
/// started and succeeded workflow executions, observed by one query of the executions table per 100 ms poll (on
/// Azurite; the API's list call would load every listed record with a point read, which at hundreds of executions per
/// poll costs the server more than the events themselves: the Python script measured mostly itself);</item>
/// <item>Azure Storage requests per event during the sustained phase, by kind (the cost profile).</item>
/// </list>
/// Run: <c>dotnet run -c Release --project bench/ServerlessFlow.Benchmarks -- serve-load [--samples 50] [--events 500]
/// [--concurrency 8] [--storage azurite|memory]</c>. Figures are wall-clock on a shared machine: compare runs made
/// back to back.
/// </summary>
internal static class ServeLoad
{
    private const string Action = "examples.greet";

    public static async Task<int> RunAsync(string[] args)
    {
        int samples = IntOption(args, "--samples", 50);
        int events = IntOption(args, "--events", 500);
        int concurrency = IntOption(args, "--concurrency", 8);
        string storage = Option(args, "--storage") ?? "azurite";
        if (events is < 1 or > 1000 || samples < 1 || concurrency < 1 || storage is not ("azurite" or "memory"))
        {
            Console.Error.WriteLine("serve-load: --events must be 1–1000, --samples and --concurrency at least 1, --storage azurite or memory.");
            return 2;
        }

        AzuriteProcess? azurite = storage == "azurite" ? await AzuriteProcess.StartAsync() : null;
        try
        {
            await using ServeHost host = await ServeHost.StartAsync(new ServeOptions
            {
                PackFolders = [Path.Combine(RepositoryRoot(), "packs")],
                Url = "http://127.0.0.1:0",
                Storage = azurite is null ? ServeStorageKind.Memory : ServeStorageKind.Azurite,
                StorageConnectionString = azurite?.ConnectionString,
                RunTimerLoop = false,
            });
            using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromMinutes(2) };
            Console.WriteLine($"sflow serve in process, storage {storage}, {Environment.ProcessorCount} cores, load average {LoadAverage()}");

            // Warm up: JIT, tables, queues, the first workflow.
            await LatencyAsync(http, 3);

            var latencies = await LatencyAsync(http, samples);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"webhook -> execution started over {samples} sequential posts: median {Percentile(latencies, 0.5):F1} ms, p95 {Percentile(latencies, 0.95):F1} ms"));

            var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            using (new AzureEventSourceListener(
                (e, message) =>
                {
                    if (e.EventName == "Request")
                    {
                        requests.AddOrUpdate(RequestKind(message), 1, (_, n) => n + 1);
                    }
                },
                EventLevel.Informational))
            {
                Func<Task<List<(string Tag, string Status)>>> observe = azurite is null
                    ? () => RecentExecutionsAsync(http)
                    : () => ExecutionsInTableAsync(new TableServiceClient(azurite.ConnectionString).GetTableClient("sflowExecutions"));
                var (accepted, started, succeeded) = await ThroughputAsync(http, events, concurrency, observe);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{events} events from {concurrency} senders: accepted {events / accepted:F0}/s; became started workflows {events / started:F1}/s ({started:F1} s); succeeded {events / succeeded:F1}/s ({succeeded:F1} s)"));
            }

            if (!requests.IsEmpty)
            {
                Console.WriteLine($"storage requests per event during the sustained phase: {requests.Values.Sum() / (double)events:F1}");
                foreach (var (kind, count) in requests.OrderByDescending(r => r.Value))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count / (double)events,7:F2}  {kind}"));
                }
            }

            return 0;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static async Task<List<double>> LatencyAsync(HttpClient http, int samples)
    {
        var results = new List<double>(samples);
        for (int i = 0; i < samples; i++)
        {
            string tag = "lat-" + Guid.NewGuid().ToString("N");
            var clock = Stopwatch.StartNew();
            await PostAsync(http, tag);
            while (!await HasExecutionAsync(http, tag))
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(1))
                {
                    throw new TimeoutException($"No execution for trace tag {tag} after a minute.");
                }

                await Task.Delay(2);
            }

            results.Add(clock.Elapsed.TotalMilliseconds);
        }

        return results;
    }

    private static async Task<(double Accepted, double Started, double Succeeded)> ThroughputAsync(
        HttpClient http, int events, int concurrency, Func<Task<List<(string Tag, string Status)>>> observe)
    {
        var tags = Enumerable.Range(0, events).Select(_ => "load-" + Guid.NewGuid().ToString("N")).ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(tags, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (tag, ct) => await PostAsync(http, tag));
        double accepted = clock.Elapsed.TotalSeconds;

        var notStarted = new HashSet<string>(tags, StringComparer.Ordinal);
        var notSucceeded = new HashSet<string>(tags, StringComparer.Ordinal);
        double started = 0;
        while (notSucceeded.Count > 0)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{notStarted.Count} events did not start and {notSucceeded.Count} workflows did not succeed within 10 minutes.");
            }

            foreach (var (tag, status) in await observe())
            {
                notStarted.Remove(tag);
                if (status == "succeeded")
                {
                    notSucceeded.Remove(tag);
                }
                else if (status is "failed" or "timeout" or "abandoned" or "canceled")
                {
                    throw new InvalidOperationException($"The workflow for trace tag {tag} ended {status}.");
                }
            }

            if (notStarted.Count == 0 && started == 0)
            {
                started = clock.Elapsed.TotalSeconds;
            }

            if (notSucceeded.Count > 0)
            {
                await Task.Delay(100);
            }
        }

        return (accepted, started == 0 ? clock.Elapsed.TotalSeconds : started, clock.Elapsed.TotalSeconds);
    }

    private static async Task PostAsync(HttpClient http, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/greet")
        {
            Content = new StringContent("{\"name\": \"Load\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("St2-Trace-Tag", tag);
        using HttpResponseMessage response = await http.SendAsync(request);
        if ((int)response.StatusCode != 202)
        {
            throw new InvalidOperationException($"POST /api/v1/webhooks/greet answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<bool> HasExecutionAsync(HttpClient http, string tag)
    {
        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/executions?action={Action}&trace_tag={tag}&limit=5"));
        return page.RootElement.GetArrayLength() > 0;
    }

    private static async Task<List<(string Tag, string Status)>> RecentExecutionsAsync(HttpClient http)
    {
        using JsonDocument page = JsonDocument.Parse(await http.GetStringAsync($"/api/v1/executions?action={Action}&limit=1000"));
        var result = new List<(string, string)>();
        foreach (JsonElement execution in page.RootElement.EnumerateArray())
        {
            if (execution.TryGetProperty("context", out JsonElement context) && context.ValueKind == JsonValueKind.Object
                && context.TryGetProperty("trace_tag", out JsonElement tag) && tag.GetString() is { } text)
            {
                result.Add((text, execution.GetProperty("status").GetString() ?? string.Empty));
            }
        }

        return result;
    }

    /// <summary>Trace tag and status of every examples.greet execution, read from the record rows in one table query
    /// (the rows carry Action and Status columns next to the record's JSON; index rows have no Action).</summary>
    private static async Task<List<(string Tag, string Status)>> ExecutionsInTableAsync(TableClient table)
    {
        var result = new List<(string, string)>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>($"Action eq '{Action}'", select: ["Json", "Status"]))
        {
            if (row.GetString("Json") is { } json)
            {
                using JsonDocument record = JsonDocument.Parse(json);
                if (record.RootElement.TryGetProperty("context", out JsonElement context) && context.ValueKind == JsonValueKind.Object
                    && context.TryGetProperty("trace_tag", out JsonElement tag) && tag.GetString() is { } text)
                {
                    result.Add((text, row.GetString("Status") ?? string.Empty));
                }
            }
        }

        return result;
    }

    /// <summary>"Request [id] GET http://127.0.0.1:port/devstoreaccount1/table(...)?..." → "GET table(…)" with ids and hub names folded.</summary>
    private static string RequestKind(string message)
    {
        string[] words = message.Split([' ', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 4 || !Uri.TryCreate(words[3], UriKind.Absolute, out Uri? uri))
        {
            return "(unparsed)";
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(s =>
            s.Contains("-control-", StringComparison.Ordinal) ? "<hub>-control-NN"
            : s.Contains('(', StringComparison.Ordinal) ? s[..s.IndexOf('(', StringComparison.Ordinal)] + (s.EndsWith("()", StringComparison.Ordinal) ? "() query" : "(key)")
            : s.Length > 30 ? "<id>" : s);
        return words[2] + " " + string.Join('/', segments);
    }

    private static double Percentile(List<double> values, double fraction)
    {
        var sorted = values.Order().ToList();
        int index = Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run serve-load from inside the repository (ServerlessFlow.sln not found above " + AppContext.BaseDirectory + ").");
    }

    private static string? Option(string[] args, string name)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback) =>
        Option(args, name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : -1
            : fallback;
}
