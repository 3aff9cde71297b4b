using System.Reflection;
using System.Security.Cryptography;

namespace ServerlessFlow.Runtime.WebConsole;

/// <summary>
/// The web console's built files (<c>web/dist</c>, embedded in this assembly at build time), transport-free like the API:
/// <c>sflow serve</c> serves them at <c>/</c> and the Functions app at <c>/api/console/</c>, each translating a path into a
/// <see cref="ConsoleAsset"/> and back. The page talks only to <c>/api/v1</c> on its own origin.
/// </summary>
public sealed class ConsoleAssets
{
    /// <summary>The prefix of the embedded resources' logical names.</summary>
    public const string ResourcePrefix = "console/";

    /// <summary>The page every console route loads (routes are in the URL fragment, so the server only ever serves this page and its assets).</summary>
    public const string IndexPath = "index.html";

    // The page loads only its own scripts and styles, talks only to its own origin (the API and its event stream), and
    // may not be framed. Inline styles are set through the DOM (virtual list offsets), which style-src does not restrict.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Lazy<ConsoleAssets> EmbeddedAssets = new(() => FromAssembly(typeof(ConsoleAssets).Assembly));

    private readonly Dictionary<string, ConsoleAsset> files;

    private ConsoleAssets(Dictionary<string, ConsoleAsset> files) => this.files = files;

    /// <summary>The console built into this assembly.</summary>
    public static ConsoleAssets Embedded => EmbeddedAssets.Value;

    /// <summary>Whether the build embedded a console (it always should: <c>web/dist</c> is checked in).</summary>
    public bool IsAvailable => files.ContainsKey(IndexPath);

    /// <summary>Every file's path, for tests and diagnostics.</summary>
    public IReadOnlyCollection<string> Paths => files.Keys;

    /// <summary>The file at <paramref name="path"/> (below the console's root; empty or <c>/</c> is the page), or null.</summary>
    public ConsoleAsset? Find(string? path)
    {
        var key = (path ?? string.Empty).TrimStart('/');
        if (key.Length == 0)
        {
            key = IndexPath;
        }

        return files.GetValueOrDefault(key);
    }

    /// <summary>Reads the console embedded under <see cref="ResourcePrefix"/> in <paramref name="assembly"/>.</summary>
    public static ConsoleAssets FromAssembly(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var files = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var path = normalized[ResourcePrefix.Length..];
            files[path] = Describe(path, copy.ToArray());
        }

        return new ConsoleAssets(files);
    }

    private static ConsoleAsset Describe(string path, byte[] content)
    {
        var isPage = path == IndexPath;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
        };
        if (isPage)
        {
            headers["Content-Security-Policy"] = ContentSecurityPolicy;
            headers["X-Frame-Options"] = "DENY";
        }

        return new ConsoleAsset(
            path,
            content,
            ContentTypeOf(path),
            isPage || !path.StartsWith("assets/", StringComparison.Ordinal) ? "no-cache" : "public, max-age=31536000, immutable",
            "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..32] + "\"",
            headers);
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".json" => "application/json",
        ".woff2" => "font/woff2",
        _ => "application/octet-stream",
    };
}
