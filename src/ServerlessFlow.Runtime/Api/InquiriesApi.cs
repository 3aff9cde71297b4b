using ServerlessFlow.Runtime.Inquiries;

namespace ServerlessFlow.Runtime.Api;

/// <summary><c>/api/v1/inquiries</c>: <c>GET</c> lists (filter <c>status</c>, default pending; <see cref="ApiPaging"/> with a
/// default page of 1000), <c>GET {id}</c>, and <c>PUT {id}</c> with <c>{"response": {…}}</c>, which answers the inquiry and
/// wakes the workflow waiting on it.</summary>
public sealed class InquiriesApi : IApiResource
{
    /// <summary>The user recorded as the responder (the API has one identity: the API key's holder).</summary>
    public const string Responder = "stanley";

    private readonly IInquiryStore inquiries;
    private readonly IWorkflowControl workflows;

    /// <summary>Creates the resource over the inquiry store and workflow control.</summary>
    public InquiriesApi(IInquiryStore inquiries, IWorkflowControl workflows)
    {
        ArgumentNullException.ThrowIfNull(inquiries);
        ArgumentNullException.ThrowIfNull(workflows);
        this.inquiries = inquiries;
        this.workflows = workflows;
    }

    /// <inheritdoc/>
    public string Name => "inquiries";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => ListAsync(request, cancellationToken),
            (0, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET")),
            (1, "GET") => GetAsync(segments[0], cancellationToken),
            (1, "PUT") => RespondAsync(segments[0], request, cancellationToken),
            (1, _) => Task.FromResult(ApiRoutes.MethodNotAllowed(Name, request, "GET", "PUT")),
            _ => Task.FromResult(ApiRoutes.NotFound(Name, request)),
        };
    }

    private async Task<ApiResult> ListAsync(ApiRequest request, CancellationToken ct)
    {
        var (paging, bad) = ApiPaging.Read(request, ApiPaging.MaxLimit);
        if (paging is null)
        {
            return bad!;
        }

        var status = request.QueryValue("status") ?? "pending";
        var page = await paging.FetchAsync((limit, token, c) => inquiries.ListAsync(status, limit, token, c), ct).ConfigureAwait(false);
        return ApiPaging.Answer(page, Plain);
    }

    private async Task<ApiResult> GetAsync(string id, CancellationToken ct) =>
        await inquiries.GetAsync(id, ct).ConfigureAwait(false) is { } inquiry
            ? ApiResult.Json(Plain(inquiry))
            : NotFound(id);

    private async Task<ApiResult> RespondAsync(string id, ApiRequest request, CancellationToken ct)
    {
        var (body, error) = await ApiBody.ReadObjectAsync(request, cancellationToken: ct).ConfigureAwait(false);
        if (body is null)
        {
            return error!;
        }

        if (body.GetValueOrDefault("response") is not Dictionary<string, object?> response)
        {
            return ApiResult.Fault(400, "Field \"response\" must be an object.");
        }

        if (await inquiries.GetAsync(id, ct).ConfigureAwait(false) is null)
        {
            return NotFound(id);
        }

        try
        {
            await workflows.RespondAsync(id, response, Responder, ct).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            return ApiResult.Fault(400, ex.Message);
        }

        var asked = await inquiries.GetAsync(id, ct).ConfigureAwait(false);
        return ApiResult.Json(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = id,
            ["response"] = asked is null ? response : InquiryResponseMask.Apply(response, asked.Schema),
        });
    }

    private static ApiResult NotFound(string id) => ApiResult.Fault(404, $"Inquiry {id} was not found.");

    /// <summary>The inquiry as the API shows it, with the response's secret properties masked (st2's mask_inquiry_response).</summary>
    private static Dictionary<string, object?> Plain(InquiryState inquiry)
    {
        var plain = inquiry.ToPlain();
        if (plain.GetValueOrDefault("response") is Dictionary<string, object?> response)
        {
            plain["response"] = InquiryResponseMask.Apply(response, inquiry.Schema);
        }

        return plain;
    }
}
