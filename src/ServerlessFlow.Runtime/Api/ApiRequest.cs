namespace ServerlessFlow.Runtime.Api;

/// <summary>One call to the read/run API, independent of the web framework: the method, the path below the resource
/// (<c>/api/v1/executions/<b>{id}/children</b></c>), the query, the headers and the body stream.</summary>
public sealed class ApiRequest
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>The HTTP method (GET, POST, PUT, DELETE), upper case.</summary>
    public required string Method { get; init; }

    /// <summary>The path below the resource, as the host's router decoded it; empty for the resource itself.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Query parameters (a repeated name's values joined by commas, as ASP.NET gives them; case-sensitive names).</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = None;

    /// <summary>Request headers, looked up case-insensitively.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The body; read at most once, and never more than <see cref="ApiBody.MaxBytes"/> of it.</summary>
    public Stream Body { get; init; } = Stream.Null;

    /// <summary>The Content-Length header, when the client sent one.</summary>
    public long? ContentLength { get; init; }

    /// <summary>The web console's address as the client reached this server (<c>http://host:port/</c>), when this host serves
    /// the console; executions answered then carry <c>web_url</c>, their page there. Null: no console.</summary>
    public string? ConsoleUrl { get; init; }

    /// <summary>The path's non-empty segments (the host already decoded them; decoding again would corrupt ids holding '%').</summary>
    public IReadOnlyList<string> Segments => Path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A query value, or null when it is absent or empty.</summary>
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
