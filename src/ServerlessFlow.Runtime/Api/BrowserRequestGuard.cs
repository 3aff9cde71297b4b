using System.Net;

namespace ServerlessFlow.Runtime.Api;

/// <summary>Keeps web pages out of a server on the developer's machine: a request must name this server in its <c>Host</c>
/// header (DNS rebinding points an attacker's name at 127.0.0.1, so the browser sends the attacker's name), and a request a
/// browser sends from a page must come from this server's own origin (<c>Origin</c>, or <c>Sec-Fetch-Site</c> when there is
/// no Origin). Clients that are not browsers (curl, the st2 client, GitHub) send neither and are let through to the API key
/// check.</summary>
public sealed class BrowserRequestGuard
{
    private readonly HashSet<string> hosts;
    private readonly bool anyAddress;

    private BrowserRequestGuard(IEnumerable<string> hosts, bool anyAddress)
    {
        this.hosts = new HashSet<string>(hosts.Select(h => h.ToLowerInvariant()), StringComparer.Ordinal);
        this.anyAddress = anyAddress;
    }

    /// <summary>The guard for a server listening on <paramref name="listenUrls"/>: loopback names always, the listening host
    /// when it is a name or a specific address, every address literal when it listens on all interfaces, and
    /// <paramref name="extraHosts"/> (names a proxy or a colleague uses).</summary>
    public static BrowserRequestGuard ForListener(IEnumerable<string> listenUrls, IEnumerable<string>? extraHosts = null)
    {
        ArgumentNullException.ThrowIfNull(listenUrls);
        var names = new List<string> { "localhost", "127.0.0.1", "[::1]", "::1" };
        var anyAddress = false;
        foreach (var url in listenUrls)
        {
            var host = HostOf(url);
            if (host is "0.0.0.0" or "[::]" or "::" or "*" or "+")
            {
                anyAddress = true;
                names.Add(Dns.GetHostName());
            }
            else if (host.Length > 0)
            {
                names.Add(host);
            }
        }

        names.AddRange(extraHosts ?? []);
        return new BrowserRequestGuard(names, anyAddress);
    }

    /// <summary>Null when the request may go on to the API key check; otherwise the 403 answer naming the reason.</summary>
    public ApiResult? Check(IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var host = headers.TryGetValue("Host", out var hostHeader) ? HostName(hostHeader) : string.Empty;
        if (!IsAllowedHost(host))
        {
            return ApiResult.Fault(403, $"Host \"{Shorten(hostHeader ?? string.Empty)}\" is not this server's name; requests through other names (DNS rebinding) are refused. Set SFLOW_ALLOWED_HOSTS to add a name.");
        }

        if (headers.TryGetValue("Origin", out var origin) && origin.Length > 0)
        {
            // A page's own origin is this server only when it names an allowed host (any port: the page and the API it
            // calls are both here). "null" (sandboxed frames, file:) is never this server.
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var originUri) || !IsAllowedHost(originUri.IdnHost.ToLowerInvariant()) || !string.Equals(HostName(hostHeader!), originUri.IdnHost.ToLowerInvariant(), StringComparison.Ordinal))
            {
                return ApiResult.Fault(403, $"Cross-site request from origin \"{Shorten(origin)}\" refused: web pages from other sites may not call this server.");
            }
        }
        else if (headers.TryGetValue("Sec-Fetch-Site", out var site) && site is "cross-site" or "same-site")
        {
            return ApiResult.Fault(403, "Cross-site request refused: web pages from other sites may not call this server.");
        }

        return null;
    }

    private bool IsAllowedHost(string host) =>
        hosts.Contains(host) || (anyAddress && (IPAddress.TryParse(host.Trim('[', ']'), out _)));

    // The host of a Host header or URL authority, lower case, without the port ("[::1]:7071" → "[::1]").
    private static string HostName(string hostHeader)
    {
        var text = hostHeader.Trim().ToLowerInvariant();
        if (text.StartsWith('['))
        {
            var end = text.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? text : text[..(end + 1)];
        }

        var colon = text.LastIndexOf(':');
        return colon < 0 ? text : text[..colon];
    }

    private static string HostOf(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var rest = schemeEnd < 0 ? url : url[(schemeEnd + 3)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return HostName(slash < 0 ? rest : rest[..slash]);
    }

    private static string Shorten(string text) => text.Length <= 100 ? text : text[..100] + "…";
}
