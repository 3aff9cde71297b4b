using System.CommandLine;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow inquiry list|respond</c> against <c>sflow serve</c>.</summary>
internal static class InquiryCommand
{
    /// <summary>Builds the <c>inquiry</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var group = new Command("inquiry", "Pending inquiries (core.ask) on a running sflow serve.");

        var list = new Command("list", "Pending inquiries.");
        ApiCommands.Bind(list, context, (_, client, ct) => client.SendAsync(HttpMethod.Get, "api/v1/inquiries", cancellationToken: ct), (output, body) => ApiOutput.Table(output, body as List<object?> ?? [], "id", "status", "parent", "schema"));
        group.Add(list);

        var id = new Argument<string>("id") { Description = "The inquiry id." };
        var response = new Argument<string>("response") { Description = "The answer, a JSON object, e.g. '{\"approved\": true}'." };
        var respond = new Command("respond", "Answer an inquiry; the waiting workflow continues.");
        respond.Add(id);
        respond.Add(response);
        ApiCommands.Bind(
            respond,
            context,
            (p, client, ct) =>
            {
                var text = p.GetValue(response)!;
                if (!JsonText.TryParse(text, out var value, out var error) || value is not Dictionary<string, object?>)
                {
                    throw new ArgumentException($"The response must be a JSON object: {error ?? "got " + text}.");
                }

                return client.SendAsync(HttpMethod.Put, $"api/v1/inquiries/{ApiCommands.Segment(p.GetValue(id)!)}", new Dictionary<string, object?>(StringComparer.Ordinal) { ["response"] = value }, cancellationToken: ct);
            },
            (output, body) => output.WriteLine($"Inquiry {ApiOutput.At(body, "id")} answered."));
        group.Add(respond);
        group.Add(CatalogCommands.Get(context, "inquiries", "One inquiry, with the schema its answer must match.", "inquiry id"));
        return group;
    }
}
