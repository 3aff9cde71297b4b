using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Inquiries;
using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Cli.Serve;

/// <summary>Key-value pairs (system scope: <c>GET/PUT/DELETE /api/v1/keys[/{name}]</c>) and inquiries
/// (<c>GET /api/v1/inquiries[/{id}]</c>, <c>PUT /api/v1/inquiries/{id}</c> with <c>{"response": {…}}</c>) in StackStorm's shapes.</summary>
internal static class ServeDatastoreApi
{
    /// <summary>Maps the endpoints.</summary>
    public static void Map(IEndpointRouteBuilder app, KeyValueService keys, IInquiryStore inquiries, DurableInquiryResponder responder)
    {
        app.MapGet("/api/v1/keys", async (HttpRequest request, CancellationToken ct) =>
        {
            var prefix = request.Query["prefix"].ToString();
            var pairs = await keys.ListAsync(prefix, cancellationToken: ct).ConfigureAwait(false);
            return ServeResults.Json(pairs.Select(p => (object?)p.ToPlain()).ToList());
        });

        app.MapGet("/api/v1/keys/{name}", async (string name, CancellationToken ct) =>
            await keys.GetAsync(name, cancellationToken: ct).ConfigureAwait(false) is { } pair
                ? ServeResults.Json(pair.ToPlain())
                : ServeResults.Fault(404, $"Key {name} was not found."));

        app.MapPut("/api/v1/keys/{name}", async (string name, HttpRequest request, CancellationToken ct) =>
        {
            var body = await ServeApi.ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (body.Error is not null)
            {
                return body.Error;
            }

            var fields = body.Value!;
            if (fields.GetValueOrDefault("value") is not string value)
            {
                return ServeResults.Fault(400, "Field \"value\" must be a string.");
            }

            if (fields.GetValueOrDefault("secret") is not (null or bool))
            {
                return ServeResults.Fault(400, "Field \"secret\" must be true or false.");
            }

            if (fields.GetValueOrDefault("ttl") is not (null or long))
            {
                return ServeResults.Fault(400, "Field \"ttl\" must be a whole number of seconds.");
            }

            try
            {
                var pair = await keys.SetAsync(
                    name, value, secret: fields.GetValueOrDefault("secret") is true, ttlSeconds: fields.GetValueOrDefault("ttl") as long?, cancellationToken: ct).ConfigureAwait(false);
                return ServeResults.Json(pair.ToPlain());
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                return ServeResults.Fault(400, ex.Message);
            }
        });

        app.MapDelete("/api/v1/keys/{name}", async (string name, CancellationToken ct) =>
            await keys.DeleteAsync(name, cancellationToken: ct).ConfigureAwait(false)
                ? Results.NoContent()
                : ServeResults.Fault(404, $"Key {name} was not found."));

        app.MapGet("/api/v1/inquiries", async (HttpRequest request, CancellationToken ct) =>
        {
            var status = request.Query["status"].ToString() is { Length: > 0 } given ? given : "pending";
            var page = await inquiries.ListAsync(status, 1000, null, ct).ConfigureAwait(false);
            return ServeResults.Json(page.Items.Select(i => (object?)i.ToPlain()).ToList());
        });

        app.MapGet("/api/v1/inquiries/{id}", async (string id, CancellationToken ct) =>
            await inquiries.GetAsync(id, ct).ConfigureAwait(false) is { } inquiry
                ? ServeResults.Json(inquiry.ToPlain())
                : ServeResults.Fault(404, $"Inquiry {id} was not found."));

        app.MapPut("/api/v1/inquiries/{id}", async (string id, HttpRequest request, CancellationToken ct) =>
        {
            var body = await ServeApi.ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (body.Error is not null)
            {
                return body.Error;
            }

            if (body.Value!.GetValueOrDefault("response") is not Dictionary<string, object?> response)
            {
                return ServeResults.Fault(400, "Field \"response\" must be an object.");
            }

            if (await inquiries.GetAsync(id, ct).ConfigureAwait(false) is null)
            {
                return ServeResults.Fault(404, $"Inquiry {id} was not found.");
            }

            try
            {
                await responder.RespondAsync(id, response, "stanley", ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                return ServeResults.Fault(400, ex.Message);
            }

            return ServeResults.Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["id"] = id, ["response"] = response });
        });
    }
}
