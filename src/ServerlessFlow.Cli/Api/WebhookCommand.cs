using System.CommandLine;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Cli.Api;

/// <summary><c>sflow webhook post URL JSON [--trace-tag TAG]</c> against <c>sflow serve</c>.</summary>
internal static class WebhookCommand
{
    /// <summary>Builds the <c>webhook</c> command group.</summary>
    public static Command Create(CliContext context)
    {
        var group = new Command("webhook", "List the webhooks of a running sflow serve, and post to one.");
        var url = new Argument<string>("hook") { Description = "The webhook url after /api/v1/webhooks/ (e.g. orders, or st2 with {\"trigger\", \"payload\"})." };
        var body = new Argument<string>("body") { Description = "The JSON body." };
        var traceTag = new Option<string?>("--trace-tag") { Description = "Sent as St2-Trace-Tag; executions carry it." };
        var post = new Command("post", "POST a JSON body to /api/v1/webhooks/HOOK; prints the echoed body (202).");
        post.Add(url);
        post.Add(body);
        post.Add(traceTag);
        ApiCommands.Bind(
            post,
            context,
            (p, client, ct) =>
            {
                var text = p.GetValue(body)!;
                if (!JsonText.TryParse(text, out _, out var error))
                {
                    throw new ArgumentException($"The body is not valid JSON: {error}");
                }

                var headers = p.GetValue(traceTag) is { Length: > 0 } tag ? new Dictionary<string, string> { ["St2-Trace-Tag"] = tag } : null;
                var hook = string.Join('/', p.GetValue(url)!.Trim('/').Split('/').Select(ApiCommands.Segment));
                return client.SendAsync(HttpMethod.Post, $"api/v1/webhooks/{hook}", text, headers, ct);
            },
            (output, echoed) => output.WriteLine("Accepted: " + JsonText.Serialize(echoed)));
        group.Add(post);
        group.Add(CatalogCommands.List(context, "webhooks", "The webhooks the rules in force listen on.", ["parameters.url", "type", "ref"]));
        return group;
    }
}
