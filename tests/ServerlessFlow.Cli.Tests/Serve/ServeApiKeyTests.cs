using System.Net;
using Microsoft.Extensions.Logging;
using ServerlessFlow.Cli.Serve;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary><c>sflow serve</c> started with an API key: the read/run API and webhooks require <c>St2-Api-Key</c>, the commands
/// send it from <c>--api-key</c>; and the webhook log names the trace tag the instance got.</summary>
public sealed class ServeApiKeyTests
{
    private const string Key = "serve-api-key-1";

    [Fact]
    public async Task Api_KeyConfiguredButNotSent_Answers401()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, body) = await client.SendAsync(HttpMethod.Get, "/api/v1/executions");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Missing API key: send the St2-Api-Key header.", Field(body, "faultstring"));
    }

    [Fact]
    public async Task Commands_WithApiKeyOption_SendTheKey()
    {
        await using var host = await StartAsync();

        var (withoutCode, _, withoutError) = await SflowAsync("key", "list", "--url", host.Url);
        var (setCode, _, _) = await SflowAsync("key", "set", "region", "eu", "--url", host.Url, "--api-key", Key);
        var (listCode, listOut, _) = await SflowAsync("key", "list", "--url", host.Url, "--api-key", Key);
        var (wrongCode, _, wrongError) = await SflowAsync("execution", "list", "--url", host.Url, "--api-key", "guess");

        Assert.Equal(1, withoutCode);
        Assert.Contains("401", withoutError, StringComparison.Ordinal);
        Assert.Equal(0, setCode);
        Assert.Equal(0, listCode);
        Assert.Contains("region", listOut, StringComparison.Ordinal);
        Assert.Equal(1, wrongCode);
        Assert.Contains("403: Invalid API key.", wrongError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithApiKeyOption_RunsOnTheServerAndWithoutItIsRefused()
    {
        await using var host = await StartAsync();

        var (withoutCode, _, withoutError) = await SflowAsync("run", "core.echo", "message=unkeyed", "--url", host.Url);
        var (wrongCode, _, wrongError) = await SflowAsync("run", "core.echo", "message=wrong", "--url", host.Url, "--api-key", "guess");
        var (code, output, _) = await SflowAsync("run", "core.echo", "message=keyed", "--url", host.Url, "--api-key", Key, "--json");
        var (localCode, _, localError) = await SflowAsync("run", "core.echo", "message=x", "--local", "--api-key", Key);

        Assert.Equal(1, withoutCode);
        Assert.Contains("401", withoutError, StringComparison.Ordinal);
        Assert.Equal(1, wrongCode);
        Assert.Contains("403: Invalid API key.", wrongError, StringComparison.Ordinal);
        Assert.Equal(0, code);
        var execution = ServerlessFlow.Core.Values.JsonText.Parse(output);
        Assert.Equal("succeeded", Field(execution, "status"));
        Assert.Equal("keyed", Field(Field(execution, "result"), "stdout"));
        Assert.Equal(2, localCode);
        Assert.Contains("--api-key and --local cannot be combined", localError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_WithoutTraceTag_LogsTheInstancesTraceTag()
    {
        using var logs = new RecordingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var host = await StartAsync(factory);

        var (code, _, _) = await SflowAsync("webhook", "post", "orders", """{"order_id":"L1","items":[]}""", "--url", host.Url, "--api-key", Key);

        Assert.Equal(0, code);
        var accepted = Assert.Single(logs.Messages, m => m.Contains("accepted", StringComparison.Ordinal));
        Assert.DoesNotContain("(null)", accepted, StringComparison.Ordinal);
        Assert.Contains("trace tag webhook-orders-", accepted, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Out, string Error)> SflowAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await SflowCommand.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static Task<ServeHost> StartAsync(ILoggerFactory? logging = null) => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Path.Combine(RepositoryPaths.Root, "packs")],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
        ApiKey = Key,
        LoggerFactory = logging ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance,
    });

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (messages)
                {
                    return [.. messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.messages)
                {
                    owner.messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
