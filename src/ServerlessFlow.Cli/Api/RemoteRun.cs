using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow run ACTION …</c> (without <c>--local</c>): runs the action on a running <c>sflow serve</c>, shows workflow
/// tasks as they finish, and prints the execution. Exit codes as the local run: 0 succeeded, 1 failed / canceled / unreachable /
/// API key missing or wrong (401, 403, as the other API commands), 2 refused (bad address, unknown action, bad parameters), 3 still waiting (paused on an inquiry).</summary>
internal static class RemoteRun
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="actionRef"/> with <paramref name="pairs"/> (cast by the types the server's action schema declares) on the server at <paramref name="url"/>,
    /// sending <paramref name="apiKey"/> (when not null) as <c>St2-Api-Key</c>.</summary>
    public static async Task<int> RunAsync(CliContext context, string url, string? apiKey, string actionRef, string[] pairs, bool json, CancellationToken cancellationToken)
    {
        List<KeyValuePair<string, string>> texts;
        try
        {
            texts = RunCommand.ParsePairs(pairs).ToList();
        }
        catch (ArgumentException ex)
        {
            await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await context.Error.WriteLineAsync($"--url '{url}' is not an http(s) address.").ConfigureAwait(false);
            return 2;
        }

        using var client = new ApiClient(url, apiKey);
        try
        {
            // As st2 run does: read the action's parameter schema from the server, then cast each value by its declared type
            // with the same code as --local.
            var action = await client.SendAsync(HttpMethod.Get, $"api/v1/actions/{ApiCommands.Segment(actionRef)}", cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!action.IsSuccess)
            {
                await context.Error.WriteLineAsync(action.StatusCode == 404
                    ? $"Action '{actionRef}' was not found on the server at {url} ({action.Fault})."
                    : $"{action.StatusCode}: {action.Fault}").ConfigureAwait(false);
                return action.StatusCode == 404 ? 2 : 1;
            }

            var schema = ApiOutput.At(action.Body, "parameters") as Dictionary<string, object?> ?? [];
            Dictionary<string, object?> parameters;
            try
            {
                parameters = ActionParameterResolver.CastFromText(
                    name => schema.GetValueOrDefault(name) is Dictionary<string, object?> spec ? spec.GetValueOrDefault("type") as string : null, texts);
            }
            catch (ArgumentException ex)
            {
                await context.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
                return 2;
            }

            var started = await client.SendAsync(
                HttpMethod.Post,
                "api/v1/executions",
                new Dictionary<string, object?>(StringComparer.Ordinal) { ["action"] = actionRef, ["parameters"] = parameters },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!started.IsSuccess)
            {
                await context.Error.WriteLineAsync($"{started.StatusCode}: {started.Fault}").ConfigureAwait(false);
                return started.StatusCode is 401 or 403 ? 1 : 2;
            }

            var id = (string)ApiOutput.At(started.Body, "id")!;
            var execution = started.Body;
            var shown = new HashSet<string>(StringComparer.Ordinal);
            while (!IsDone(ApiOutput.At(execution, "status") as string))
            {
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                if (!json)
                {
                    var children = await client.SendAsync(HttpMethod.Get, $"api/v1/executions/{ApiCommands.Segment(id)}/children", cancellationToken: cancellationToken).ConfigureAwait(false);
                    foreach (var task in children.Body as List<object?> ?? [])
                    {
                        if (IsDone(ApiOutput.At(task, "status") as string) && shown.Add((string)ApiOutput.At(task, "id")!))
                        {
                            await context.Error.WriteLineAsync($"  {ApiOutput.At(task, "context.task"),-24} {ApiOutput.At(task, "action.ref"),-32} {ApiOutput.At(task, "status")}").ConfigureAwait(false);
                        }
                    }
                }

                var current = await client.SendAsync(HttpMethod.Get, $"api/v1/executions/{ApiCommands.Segment(id)}", cancellationToken: cancellationToken).ConfigureAwait(false);
                execution = current.Body;
                if (ApiOutput.At(execution, "status") is "paused" or "pending")
                {
                    break;
                }
            }

            if (json)
            {
                ApiOutput.Json(context.Out, execution);
            }
            else
            {
                await context.Out.WriteLineAsync(RunCommand.FormatText(execution)).ConfigureAwait(false);
            }

            if (ApiOutput.At(execution, "status") is "paused" or "pending")
            {
                await context.Error.WriteLineAsync(
                    $"{id} is {ApiOutput.At(execution, "status")} (e.g. waiting for an inquiry): `sflow inquiry list` shows what it asks, `sflow inquiry respond ID '{{...}}'` answers, `sflow execution get {id}` follows it.").ConfigureAwait(false);
            }

            return ApiOutput.At(execution, "status") switch
            {
                "succeeded" => 0,
                "paused" or "pending" => 3,
                _ => 1,
            };
        }
        catch (HttpRequestException ex)
        {
            await context.Error.WriteLineAsync(
                $"Cannot reach sflow serve at {url} ({ex.Message}). Start it with `sflow serve` (or point --url / ${ApiCommands.UrlVariable} at one), or pass --local to run in this process.").ConfigureAwait(false);
            return 1;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient reports its own timeout as a cancellation; the user did not cancel, so say what happened.
            await context.Error.WriteLineAsync($"sflow serve at {url} did not answer in time; the execution may still be running (see `sflow execution list`).").ConfigureAwait(false);
            return 1;
        }
    }

    private static bool IsDone(string? status) => status is "succeeded" or "failed" or "timeout" or "canceled" or "abandoned";
}
