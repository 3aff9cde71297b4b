using System.CommandLine;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow execution tail ID</c>: follows an execution live on the server's event stream (<c>/api/v1/stream</c>),
/// printing each workflow task as it starts and ends, until the execution ends; an execution already ended is printed at once.
/// Exit code as <c>sflow run</c>: 0 succeeded, 1 otherwise.</summary>
internal static class ExecutionTail
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var tail = new Command("tail", "Follow an execution live: its workflow tasks as they start and end, until it ends.");
        var id = new Argument<string>("id") { Description = "The execution id." };
        var url = ApiCommands.UrlOption();
        var apiKey = ApiCommands.ApiKeyOption();
        var json = ApiCommands.JsonOption();
        tail.Add(id);
        tail.Add(url);
        tail.Add(apiKey);
        tail.Add(json);
        tail.SetAction(async (p, ct) =>
        {
            var address = p.GetValue(url)!.TrimEnd('/');
            var executionId = p.GetValue(id)!;
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(
                HttpMethod.Get,
                $"{address}/api/v1/stream?events=st2.execution__update&end_execution_id={Uri.EscapeDataString(executionId)}");
            if (p.GetValue(apiKey) is { Length: > 0 } key)
            {
                request.Headers.TryAddWithoutValidation(Runtime.Webhooks.WebhookHeaders.ApiKey, key);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await context.Error.WriteLineAsync($"Cannot reach {address} ({ex.Message}). Is `sflow serve` running?").ConfigureAwait(false);
                return 1;
            }

            using (response)
            {
                if (!response.IsSuccessStatusCode)
                {
                    await context.Error.WriteLineAsync($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false)}").ConfigureAwait(false);
                    return 1;
                }

                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false));
                var family = new HashSet<string>(StringComparer.Ordinal) { executionId };
                string? status = null;
                while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
                {
                    if (!line.StartsWith("data: ", StringComparison.Ordinal) || JsonText.Parse(line["data: ".Length..]) is not Dictionary<string, object?> execution)
                    {
                        continue;
                    }

                    var eventId = execution.GetValueOrDefault("id") as string;
                    var parent = execution.GetValueOrDefault("parent") as string;
                    if (eventId is null || !(family.Contains(eventId) || (parent is not null && family.Contains(parent))))
                    {
                        continue;
                    }

                    family.Add(eventId);
                    if (p.GetValue(json))
                    {
                        await context.Out.WriteLineAsync(JsonText.Serialize(execution)).ConfigureAwait(false);
                    }
                    else
                    {
                        await context.Out.WriteLineAsync(Describe(execution, eventId == executionId)).ConfigureAwait(false);
                    }

                    if (eventId == executionId)
                    {
                        status = execution.GetValueOrDefault("status") as string;
                    }
                }

                return status == "succeeded" ? 0 : 1;
            }
        });
        return tail;
    }

    private static string Describe(Dictionary<string, object?> execution, bool isTheOne)
    {
        var status = execution.GetValueOrDefault("status") as string;
        var action = ApiOutput.At(execution, "action.ref");
        if (isTheOne)
        {
            return $"execution {execution["id"]} ({action}) {status}";
        }

        var task = ApiOutput.At(execution, "context.orquesta.task_name") ?? ApiOutput.At(execution, "context.task");
        return $"  task {task} ({action}) {status} [{execution["id"]}]";
    }
}
