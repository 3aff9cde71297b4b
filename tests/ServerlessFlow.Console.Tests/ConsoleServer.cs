using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Console.Tests;

/// <summary>A real <c>sflow serve</c> (in-process, memory storage, the repository's packs plus the console test pack) on a free
/// loopback port, with an HTTP client for arranging what the browser then sees.</summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly ServeHost host;

    private ConsoleServer(ServeHost host, string? apiKey)
    {
        this.host = host;
        Url = host.Url.TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(Url + "/") };
        if (apiKey is not null)
        {
            Http.DefaultRequestHeaders.Add("St2-Api-Key", apiKey);
        }
    }

    /// <summary>The server's address, without a trailing slash.</summary>
    public string Url { get; }

    /// <summary>A client of the API (with the key when the server needs one).</summary>
    public HttpClient Http { get; }

    /// <summary>The repository's root (fixed at build time).</summary>
    public static string RepositoryRoot { get; } = typeof(ConsoleServer).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>Starts a server; with <paramref name="apiKey"/> every API call needs that key.</summary>
    public static async Task<ConsoleServer> StartAsync(string? apiKey = null)
    {
        var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [Path.Combine(RepositoryRoot, "packs"), Path.Combine(AppContext.BaseDirectory, "TestPacks")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
            ApiKey = apiKey,
        });
        return new ConsoleServer(host, apiKey);
    }

    /// <summary>Posts a webhook (as a sender would) with a trace tag.</summary>
    public async Task PostWebhookAsync(string url, object body, string traceTag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/webhooks/{url}") { Content = JsonContent.Create(body) };
        request.Headers.Add("St2-Trace-Tag", traceTag);
        using var response = await Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"webhook {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Runs an action through the API and answers the new execution's id.</summary>
    public async Task<string> RunAsync(string action, object? parameters = null)
    {
        using var response = await Http.PostAsJsonAsync("api/v1/executions", new { action, parameters = parameters ?? new { } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"run {action}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>An API GET as JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        var text = await Http.GetStringAsync($"api/v1/{path}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Waits (polling the API; a hang guard, not a timing) until the execution of <paramref name="action"/> tagged
    /// <paramref name="traceTag"/> is in <paramref name="status"/>.</summary>
    public async Task<string> WaitForExecutionAsync(string action, string traceTag, string status)
    {
        return await PollAsync($"an execution of {action} {status}", async () =>
        {
            var list = await GetJsonAsync($"executions?action={action}&trace_tag={traceTag}&limit=5");
            return list.EnumerateArray().FirstOrDefault(e => e.GetProperty("status").GetString() == status) is { ValueKind: JsonValueKind.Object } found
                ? found.GetProperty("id").GetString()
                : null;
        });
    }

    /// <summary>Waits until execution <paramref name="id"/> is in <paramref name="status"/>.</summary>
    public Task WaitForStatusAsync(string id, string status) =>
        PollAsync($"execution {id} {status}", async () =>
            (await GetJsonAsync($"executions/{id}")).GetProperty("status").GetString() == status ? id : null);

    /// <summary>Waits until workflow <paramref name="workflowId"/> asks, and answers the inquiry's id.</summary>
    public Task<string> WaitForPendingInquiryAsync(string workflowId) =>
        PollAsync($"an inquiry of {workflowId}", async () =>
            (await GetJsonAsync("inquiries")).EnumerateArray()
                .Where(i => i.TryGetProperty("parent", out var parent) && parent.GetString() == workflowId)
                .Select(i => i.GetProperty("id").GetString())
                .FirstOrDefault());

    /// <summary>Waits until a top-level execution (not a workflow's task) with <paramref name="traceTag"/> exists and answers its
    /// id (a workflow's tasks carry its trace tag too).</summary>
    public Task<string> WaitForTracedExecutionAsync(string traceTag) =>
        PollAsync($"an execution tagged {traceTag}", async () =>
            (await GetJsonAsync($"executions?trace_tag={traceTag}&limit=50")).EnumerateArray()
                .Where(e => !e.TryGetProperty("parent", out var parent) || parent.ValueKind == JsonValueKind.Null)
                .Select(e => e.GetProperty("id").GetString())
                .FirstOrDefault());

    /// <summary>Waits until a trigger instance with <paramref name="traceTag"/> is processed.</summary>
    public Task<string> WaitForTriggerInstanceAsync(string traceTag) =>
        PollAsync($"a processed trigger instance tagged {traceTag}", async () =>
            (await GetJsonAsync("triggerinstances?limit=50")).EnumerateArray()
                .Where(i => i.GetProperty("trace_tag").GetString() == traceTag && i.GetProperty("status").GetString() == "processed")
                .Select(i => i.GetProperty("id").GetString())
                .FirstOrDefault());

    /// <summary>Answers an inquiry through the API.</summary>
    public async Task RespondAsync(string inquiry, object response)
    {
        using var answer = await Http.PutAsJsonAsync($"api/v1/inquiries/{inquiry}", new { response });
        Assert.True(answer.IsSuccessStatusCode, $"respond {inquiry}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
    }

    private static async Task<string> PollAsync(string what, Func<Task<string?>> probe)
    {
        // Hang guard for a loaded machine; the loop ends as soon as the state is reached.
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Waited two minutes for {what}.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await host.DisposeAsync();
    }
}
