using System.CommandLine;

namespace ServerlessFlow.Cli.Api;

/// <summary>The commands that talk to a running <c>sflow serve</c>: shared options, error handling and registration.</summary>
internal static class ApiCommands
{
    /// <summary>Environment variable that overrides the default server address.</summary>
    public const string UrlVariable = "SFLOW_URL";

    /// <summary>Environment variable holding the API key: what <c>sflow serve</c> and the Functions app require, and what the
    /// commands send as <c>St2-Api-Key</c> unless <c>--api-key</c> is given.</summary>
    public const string ApiKeyVariable = "SFLOW_API_KEY";

    /// <summary>Every API-backed command group.</summary>
    public static IEnumerable<Command> Create(CliContext context) =>
    [
        ExecutionCommand.Create(context),
        TriggerInstanceCommand.Create(context),
        KeyCommand.Create(context),
        InquiryCommand.Create(context),
        WebhookCommand.Create(context),
        .. CatalogGroups.Create(context),
    ];

    /// <summary>The <c>--url</c> option.</summary>
    public static Option<string> UrlOption() => new("--url")
    {
        Description = $"The sflow serve or Functions app address, e.g. https://<app>.azurewebsites.net (default ${UrlVariable} or http://127.0.0.1:7071).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(UrlVariable) is { Length: > 0 } url ? url : "http://127.0.0.1:7071",
    };

    /// <summary>The <c>--api-key</c> option.</summary>
    public static Option<string?> ApiKeyOption() => new("--api-key")
    {
        Description = $"The API key, sent as St2-Api-Key (default ${ApiKeyVariable}, then $ST2_API_KEY, then the key sflow serve generated in this folder, .azurite/sflow-serve/api-key). sflow serve and the Functions app require it.",
        DefaultValueFactory = _ => DefaultApiKey(),
    };

    /// <summary>The API key from <c>$SFLOW_API_KEY</c>, <c>$ST2_API_KEY</c> (the st2 client's), or the file a <c>sflow serve</c>
    /// started in this folder generated; null when there is none.</summary>
    public static string? DefaultApiKey()
    {
        foreach (var variable in new[] { ApiKeyVariable, "ST2_API_KEY" })
        {
            if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } key)
            {
                return key;
            }
        }

        try
        {
            var file = Serve.ServeCommand.DefaultApiKeyFile;
            return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } saved ? saved : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The <c>--json</c> option.</summary>
    public static Option<bool> JsonOption() => new("--json") { Description = "Print the API's JSON instead of a table." };

    /// <summary>Adds <c>--url</c>, <c>--api-key</c> and <c>--json</c> to a command and runs <paramref name="call"/> with a client; prints the answer with
    /// <paramref name="print"/> (or JSON). Exit codes: 0 success, 1 the server refused (its faultstring on stderr) or cannot be reached.</summary>
    public static void Bind(Command command, CliContext context, Func<ParseResult, ApiClient, CancellationToken, Task<ApiResponse>> call, Action<TextWriter, object?> print)
    {
        var url = UrlOption();
        var json = JsonOption();
        var apiKey = ApiKeyOption();
        command.Add(url);
        command.Add(apiKey);
        command.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var address = parseResult.GetValue(url)!;
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                await context.Error.WriteLineAsync($"--url '{address}' is not an http(s) address.").ConfigureAwait(false);
                return 2;
            }

            using var client = new ApiClient(address, parseResult.GetValue(apiKey));
            ApiResponse response;
            try
            {
                response = await call(parseResult, client, cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 2;
            }
            catch (HttpRequestException ex)
            {
                await context.Error.WriteLineAsync($"Cannot reach {address} ({ex.Message}). Is `sflow serve` running?").ConfigureAwait(false);
                return 1;
            }

            if (!response.IsSuccess)
            {
                await context.Error.WriteLineAsync($"{response.StatusCode}: {response.Fault}").ConfigureAwait(false);
                return 1;
            }

            if (parseResult.GetValue(json))
            {
                ApiOutput.Json(context.Out, response.Body);
            }
            else
            {
                print(context.Out, response.Body);
            }

            return 0;
        });
    }

    /// <summary>Escapes one path segment.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A query string from the pairs whose value is set.</summary>
    public static string Query(params (string Name, string? Value)[] pairs)
    {
        var set = pairs.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return set.Count == 0 ? string.Empty : "?" + string.Join('&', set);
    }

    /// <summary>Parses <c>key=value</c> pairs; values that parse as JSON are passed typed, others as strings.</summary>
    public static Dictionary<string, object?> Pairs(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"Parameter '{pair}' is not in key=value form.");
            }

            var text = pair[(equals + 1)..];
            result[pair[..equals]] = ServerlessFlow.Core.Values.JsonText.TryParse(text, out var typed, out _) ? typed : text;
        }

        return result;
    }
}
