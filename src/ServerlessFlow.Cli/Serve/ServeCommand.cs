using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace ServerlessFlow.Cli.Serve;

/// <summary><c>sflow serve [--packs DIR…] [--urls URL] [--storage memory|azurite]</c>: runs the engine on this machine until
/// Ctrl+C — webhooks, timers, rules, durable workflows and the read/run API.</summary>
internal static class ServeCommand
{
    /// <summary>A storage connection string to use instead of finding or starting Azurite (a real account, or a test's Azurite).</summary>
    public const string StorageConnectionVariable = "SFLOW_STORAGE_CONNECTION_STRING";

    /// <summary>Where <c>sflow serve</c> keeps its data (Azurite's files) and its generated API key, below the current folder.</summary>
    public static string DefaultDataFolder => Path.Combine(Directory.GetCurrentDirectory(), ".azurite", "sflow-serve");

    /// <summary>The file holding the API key <c>sflow serve</c> generated (the commands read it when no key is given).</summary>
    public static string DefaultApiKeyFile => Path.Combine(DefaultDataFolder, "api-key");

    /// <summary>Builds the <c>serve</c> command.</summary>
    public static Command Create(CliContext context)
    {
        var packs = new Option<string[]>("--packs")
        {
            Description = "Pack folders (a pack, or a folder of packs). Repeatable; default 'packs'.",
            AllowMultipleArgumentsPerToken = false,
            Arity = ArgumentArity.OneOrMore,
        };
        var urls = new Option<string>("--urls") { Description = "Where to listen.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var storage = new Option<string>("--storage")
        {
            Description = "azurite (durable: Table Storage, a Storage Queue of accepted events and durable workflows on Azurite, started from the project's npm install if none listens on 10000-10002; a crash loses nothing accepted) or memory (for trying things out: nothing is durable, so a stop or crash loses every record, running workflow and accepted event not yet evaluated).",
            DefaultValueFactory = _ => "azurite",
        };
        storage.AcceptOnlyFromAmong("memory", "azurite");
        var configs = new Option<string?>("--configs")
        {
            Description = "Pack configs folder (<pack>.yaml, StackStorm's /opt/stackstorm/configs); default 'configs' beside the first pack folder.",
        };
        var serve = new Command("serve", "Run the engine: webhooks on /api/v1/webhooks/{url}, timer rules, durable Orquesta workflows and the read/run API.");
        serve.Add(packs);
        serve.Add(urls);
        serve.Add(storage);
        serve.Add(configs);
        serve.SetAction((parseResult, cancellationToken) => RunAsync(
            context,
            parseResult.GetValue(packs) is { Length: > 0 } given ? given : ["packs"],
            parseResult.GetValue(urls)!,
            parseResult.GetValue(storage) == "memory" ? ServeStorageKind.Memory : ServeStorageKind.Azurite,
            parseResult.GetValue(configs),
            cancellationToken));
        return serve;
    }

    private static async Task<int> RunAsync(CliContext context, string[] packs, string url, ServeStorageKind storage, string? configs, CancellationToken cancellationToken)
    {
        using var loggers = LoggerFactory.Create(logging => logging
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            })
            .SetMinimumLevel(LogLevel.Information)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("DurableTask", LogLevel.Warning)
            .AddFilter("Grpc", LogLevel.Warning));
        ServeHost host;
        try
        {
            host = await ServeHost.StartAsync(
                new ServeOptions
                {
                    PackFolders = packs,
                    Url = url,
                    Storage = storage,
                    DataFolder = DefaultDataFolder,
                    ApiKeyFile = DefaultApiKeyFile,
                    StorageConnectionString = Environment.GetEnvironmentVariable(StorageConnectionVariable) is { Length: > 0 } connection ? connection : null,
                    LoggerFactory = loggers,
                    ConfigsFolder = configs,
                    RunSensors = true,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException)
        {
            await context.Error.WriteLineAsync($"sflow serve could not start: {ex.Message}").ConfigureAwait(false);
            return 1;
        }

        await using (host.ConfigureAwait(false))
        {
            foreach (var problem in host.Problems)
            {
                await context.Error.WriteLineAsync(problem).ConfigureAwait(false);
            }

            if (host.ApiKeyCreated)
            {
                // Shown this once, like a notebook server's token; the file keeps it for the commands and later runs.
                await context.Out.WriteLineAsync(
                    $"sflow serve: generated an API key, saved in {DefaultApiKeyFile} (shown only now):{Environment.NewLine}" +
                    $"    {host.ApiKey}{Environment.NewLine}" +
                    $"  sflow commands in this folder read it from that file; other clients send it as St2-Api-Key " +
                    $"(export SFLOW_API_KEY=… for sflow elsewhere, ST2_API_KEY=… for the st2 client).").ConfigureAwait(false);
            }
            else if (host.ApiKey is not null)
            {
                await context.Out.WriteLineAsync(
                    Environment.GetEnvironmentVariable(Api.ApiCommands.ApiKeyVariable) is { Length: > 0 }
                        ? $"sflow serve: API key from ${Api.ApiCommands.ApiKeyVariable}."
                        : $"sflow serve: API key from {DefaultApiKeyFile}.").ConfigureAwait(false);
            }

            if (storage == ServeStorageKind.Memory)
            {
                // The trade-off of memory storage, said where it matters: a 202 here is not a promise that survives the process.
                await context.Out.WriteLineAsync("sflow serve: storage is memory: nothing is durable; a stop or crash loses every record, running workflow and accepted event not yet evaluated (use --storage azurite to keep them).").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync($"sflow serve: listening on {host.Url} (storage: {storage.ToString().ToLowerInvariant()}); Ctrl+C stops.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop cleanly.
            }
        }

        return 0;
    }
}
