namespace ServerlessFlow.Runtime.WebConsole;

/// <summary>One file of the web console as a host sends it: the bytes, the media type, the caching rule and the
/// security headers (a strict Content-Security-Policy on the page itself).</summary>
/// <param name="Path">The file's path below the console's root, e.g. <c>index.html</c> or <c>assets/index-…js</c>.</param>
/// <param name="Content">The file's bytes.</param>
/// <param name="ContentType">The media type with charset where it applies.</param>
/// <param name="CacheControl">No caching for the page (it names the current assets), a year for the content-hashed assets.</param>
/// <param name="ETag">A strong validator (a hash of the content), quoted.</param>
/// <param name="Headers">Further response headers (CSP, nosniff, referrer policy, frame denial).</param>
public sealed record ConsoleAsset(string Path, ReadOnlyMemory<byte> Content, string ContentType, string CacheControl, string ETag, IReadOnlyDictionary<string, string> Headers);
