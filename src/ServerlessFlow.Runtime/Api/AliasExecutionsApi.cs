using ServerlessFlow.Core.Aliases;
using ServerlessFlow.Runtime.Aliases;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/aliasexecution</c>: run an action through an action alias, in st2's shapes — <c>POST</c> with
/// <c>{"name", "format", "command", "user", "source_channel"}</c> answers 201 with <c>{"execution", "actionalias",
/// "message"?, "extra"?}</c>; <c>POST match_and_execute</c> with <c>{"command", "user", "source_channel"}</c> matches the
/// command first and answers 201 with <c>{"results": […]}</c> (what <c>st2 action-alias execute</c> sends). The execution is
/// answered as stored, before it has run.</summary>
public sealed class AliasExecutionsApi(AliasExecutionService aliases) : IApiResource
{
    /// <inheritdoc/>
    public string Name => "aliasexecution";

    /// <inheritdoc/>
    public async Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var matchFirst = request.Segments is ["match_and_execute"];
        if (!matchFirst && request.Segments.Count > 0)
        {
            return ApiRoutes.NotFound(Name, request);
        }

        if (request.Method != "POST")
        {
            return ApiRoutes.MethodNotAllowed(Name, request, "POST");
        }

        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        foreach (var field in new[] { "command", "name", "format", "user", "source_channel" })
        {
            if (body.GetValueOrDefault(field) is not (null or string))
            {
                return ApiResult.Fault(400, $"Field \"{field}\" must be a string (was {ApiBody.TypeName(body[field])}).");
            }
        }

        var name = body.GetValueOrDefault("name") as string;
        if (!matchFirst && string.IsNullOrEmpty(name))
        {
            return ApiResult.Fault(400, "Alias execution \"name\" is required");
        }

        if (matchFirst && body.GetValueOrDefault("command") is not string)
        {
            return ApiResult.Fault(400, "Field \"command\" (the text typed in the chat) is required.");
        }

        var aliasRequest = new AliasExecutionRequest
        {
            Command = body.GetValueOrDefault("command") as string ?? string.Empty,
            Name = matchFirst ? null : name,
            Format = matchFirst ? null : body.GetValueOrDefault("format") as string,
            User = body.GetValueOrDefault("user") as string,
            SourceChannel = body.GetValueOrDefault("source_channel") as string,
        };
        IReadOnlyList<AliasExecutionResult> results;
        try
        {
            results = await aliases.ExecuteAsync(aliasRequest, cancellationToken).ConfigureAwait(false);
        }
        catch (AliasAmbiguityException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }
        catch (AliasExecutionException ex)
        {
            return ApiResult.Fault(ex.StatusCode, ex.Message);
        }

        var plain = results.Select(r => WithWebUrl(request, r.ToPlain())).ToList();
        return matchFirst
            ? ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal) { ["results"] = plain.Cast<object?>().ToList() }, 201)
            : ApiResult.Json(plain[0], 201);
    }

    private static Dictionary<string, object?> WithWebUrl(ApiRequest request, Dictionary<string, object?> result)
    {
        if (request.ConsoleUrl is { } console && result.GetValueOrDefault("execution") is Dictionary<string, object?> execution && execution.GetValueOrDefault("id") is string id)
        {
            execution["web_url"] = ExecutionsApi.WebUrl(console, id);
        }

        return result;
    }
}
