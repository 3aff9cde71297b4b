using System.Globalization;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// Paging of list endpoints, newest first. <c>limit</c> (1–1000, default 50) sets the page size. The next page is named by
/// the <c>X-Continuation-Token</c> response header, passed back as <c>?continuation_token=</c> (cheap: the store resumes
/// where it stopped). StackStorm clients page with <c>offset</c> instead; that is accepted too and costs a walk over the
/// skipped records in storage order (at most <see cref="MaxOffset"/>), after which the page and its token are exact.
/// </summary>
public sealed record ApiPaging(int Limit, int Offset, string? ContinuationToken)
{
    /// <summary>The response header carrying the next page's token.</summary>
    public const string ContinuationHeader = "X-Continuation-Token";

    /// <summary>The largest <c>offset</c> accepted: skipping is a walk through storage, so it is bounded.</summary>
    public const int MaxOffset = 100_000;

    /// <summary>The page size when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Reads <c>limit</c>, <c>offset</c> and <c>continuation_token</c>; the error answer names the bad parameter. A token
    /// must have the shape <paramref name="isToken"/> accepts (by default a store's sort key, <see cref="SortKeys.IsSortKey"/>).</summary>
    public static (ApiPaging? Paging, ApiResult? Error) Read(ApiRequest request, int defaultLimit = DefaultLimit, Func<string, bool>? isToken = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = defaultLimit;
        if (request.QueryValue("limit") is { } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            return (null, ApiResult.Fault(400, $"Query parameter limit must be an integer from 1 to {MaxLimit}, got '{limitText}'."));
        }

        var offset = 0;
        if (request.QueryValue("offset") is { } offsetText
            && (!int.TryParse(offsetText, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset > MaxOffset))
        {
            return (null, ApiResult.Fault(400, $"Query parameter offset must be an integer from 0 to {MaxOffset}, got '{offsetText}'."));
        }

        var token = request.QueryValue("continuation_token");
        if (token is not null && offset > 0)
        {
            return (null, ApiResult.Fault(400, "Query parameters offset and continuation_token cannot be combined: the token already names a position."));
        }

        if (token is not null && !(isToken ?? SortKeys.IsSortKey)(token))
        {
            return (null, ApiResult.Fault(400, $"Query parameter continuation_token '{Shorten(token)}' is not a token this server gave: pass back the {ContinuationHeader} header of the previous page."));
        }

        return (new ApiPaging(limit, offset, token), null);
    }

    /// <summary>Fetches the page: skips <see cref="Offset"/> records first (in pages of up to 1000), then reads one page of
    /// <see cref="Limit"/>. <paramref name="list"/> is the store's listing for (page size, continuation token).</summary>
    public async Task<RecordPage<T>> FetchAsync<T>(Func<int, string?, CancellationToken, Task<RecordPage<T>>> list, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(list);
        var token = ContinuationToken;
        var skipped = 0;
        while (skipped < Offset)
        {
            // Asking for exactly the remainder makes the store's token point just past the skipped records.
            var skip = await list(Math.Min(MaxLimit, Offset - skipped), token, cancellationToken).ConfigureAwait(false);
            skipped += skip.Items.Count;
            token = skip.ContinuationToken;
            if (token is null)
            {
                return new RecordPage<T>([], null);
            }
        }

        return await list(Limit, token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The list answer: the items as plain JSON and the continuation header when there is a next page.</summary>
    public static ApiResult Answer<T>(RecordPage<T> page, Func<T, Dictionary<string, object?>> plain)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(plain);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (page.ContinuationToken is not null)
        {
            headers[ContinuationHeader] = page.ContinuationToken;
        }

        return ApiResult.Json(page.Items.Select(i => (object?)plain(i)).ToList(), headers: headers);
    }

    private static string Shorten(string text) => text.Length <= 64 ? text : text[..64] + "…";
}
