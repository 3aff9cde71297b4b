using System.Globalization;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// Lists records held in memory (the pack catalogue's actions, rules, packs, trigger types…) as StackStorm lists them:
/// sorted by ref, <c>limit</c> / <c>offset</c> paging (and the continuation token, here simply the next index) and the
/// <c>X-Total-Count</c> header st2client reads, which is cheap here because everything is in memory.
/// </summary>
public static class CatalogListing
{
    /// <summary>The response header with the number of records before paging.</summary>
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>One page of <paramref name="all"/> (already filtered and sorted) as the list answer.</summary>
    public static ApiResult Page<T>(ApiRequest request, IReadOnlyList<T> all, Func<T, Dictionary<string, object?>> plain)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(plain);
        var (paging, bad) = ApiPaging.Read(request, defaultLimit: ApiPaging.MaxLimit);
        if (paging is null)
        {
            return bad!;
        }

        var start = paging.Offset;
        if (paging.ContinuationToken is { } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            return ApiResult.Fault(400, $"Query parameter continuation_token '{token}' does not name a position in the list.");
        }

        var items = all.Skip(start).Take(paging.Limit).ToList();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [TotalCountHeader] = all.Count.ToString(CultureInfo.InvariantCulture),
        };
        if (start + items.Count < all.Count)
        {
            headers[ApiPaging.ContinuationHeader] = (start + items.Count).ToString(CultureInfo.InvariantCulture);
        }

        return ApiResult.Json(items.Select(i => (object?)plain(i)).ToList(), headers: headers);
    }

    /// <summary>True when the query does not name <paramref name="name"/>, or names exactly <paramref name="value"/>.</summary>
    public static bool Matches(ApiRequest request, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.QueryValue(name) is not { } wanted || string.Equals(wanted, value, StringComparison.Ordinal);
    }

    /// <summary>Like <see cref="Matches(ApiRequest, string, string?)"/> for a boolean field (<c>enabled=true</c>).</summary>
    public static bool Matches(ApiRequest request, string name, bool value)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.QueryValue(name) is not { } wanted || string.Equals(wanted, value ? "true" : "false", StringComparison.OrdinalIgnoreCase)
            || (wanted == "1" && value) || (wanted == "0" && !value);
    }

    /// <summary>The standard answer for a record that is not there, in StackStorm's words and shape.</summary>
    public static ApiResult NotFound(string kind, string id) => ApiResult.Fault(404, $"Resource with a reference or id \"{id}\" not found ({kind}).");
}
