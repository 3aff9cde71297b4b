namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// A read-only resource over records held in memory (the loaded packs' content): <c>GET</c> lists them with
/// <see cref="CatalogListing"/> (filters by <see cref="Filter"/>) and <c>GET {ref_or_id}</c> gives one, as StackStorm looks
/// records up by ref or by id. Writes answer 405 unless a resource overrides <see cref="WriteAsync"/>.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
public abstract class CatalogResource<T> : IApiResource
    where T : class
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>What the records are, for error messages (<c>rule</c>, <c>pack</c>…).</summary>
    protected abstract string Kind { get; }

    /// <summary>Every record, in list order.</summary>
    protected abstract IReadOnlyList<T> All();

    /// <summary>The record's ref (or name) and id.</summary>
    protected abstract (string Ref, string Id) Keys(T record);

    /// <summary>The record as StackStorm's API shapes it.</summary>
    public abstract Dictionary<string, object?> ToPlain(T record);

    /// <summary>Whether a record passes the list request's filters.</summary>
    protected virtual bool Filter(ApiRequest request, T record) => true;

    /// <summary>The record named by ref or id, or null.</summary>
    public T? Find(string refOrId) =>
        All().FirstOrDefault(r => Keys(r) is var (reference, id) && (reference == refOrId || id == refOrId));

    /// <inheritdoc/>
    public virtual Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return (segments.Count, request.Method) switch
        {
            (0, "GET") => Task.FromResult(CatalogListing.Page(request, All().Where(r => Filter(request, r)).ToList(), ToPlain)),
            (1, "GET") => Task.FromResult(Find(segments[0]) is { } found ? ApiResult.Json(ToPlain(found)) : CatalogListing.NotFound(Kind, segments[0])),
            _ => WriteAsync(request, segments, cancellationToken),
        };
    }

    /// <summary>Answers everything but the two reads; by default 405 (GET only) or 404 for deeper paths.</summary>
    protected virtual Task<ApiResult> WriteAsync(ApiRequest request, IReadOnlyList<string> segments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(segments);
        return Task.FromResult(segments.Count <= 1 ? ApiRoutes.MethodNotAllowed(Name, request, "GET") : ApiRoutes.NotFound(Name, request));
    }

    /// <summary>A new ordinal-keyed plain record.</summary>
    protected static Dictionary<string, object?> Record() => new(StringComparer.Ordinal);

    /// <summary>A deep copy of a read-only mapping as a plain value (empty when null).</summary>
    protected static Dictionary<string, object?> Copy(IReadOnlyDictionary<string, object?>? value) =>
        value is null ? Record() : (Dictionary<string, object?>)Core.Values.PlainValues.DeepClone(new Dictionary<string, object?>(value, StringComparer.Ordinal))!;
}
