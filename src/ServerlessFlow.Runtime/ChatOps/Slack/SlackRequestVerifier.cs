using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServerlessFlow.Runtime.ChatOps.Slack;

/// <summary>
/// Slack's request signing: <c>X-Slack-Signature: v0=hex(HMAC-SHA256(signing secret, "v0:{X-Slack-Request-Timestamp}:{body}"))</c>,
/// compared in constant time; the timestamp must be within the replay window of now, and a signature already accepted
/// within the window is refused (a captured request sent again).
/// </summary>
public sealed class SlackRequestVerifier
{
    private readonly SlackOptions options;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    /// <summary>Creates the verifier.</summary>
    public SlackRequestVerifier(SlackOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        this.options = options;
        this.time = time;
    }

    /// <summary>The signature Slack sends for <paramref name="body"/> at <paramref name="timestamp"/>.</summary>
    public static string Signature(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>Null when the request is Slack's and new; otherwise why it is refused.</summary>
    public string? Verify(IReadOnlyDictionary<string, string> headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        if (options.SigningSecret is not { Length: > 0 } secret)
        {
            return "No Slack signing secret is configured (SFLOW_SLACK_SIGNING_SECRET).";
        }

        if (!headers.TryGetValue("X-Slack-Request-Timestamp", out var timestamp) || !headers.TryGetValue("X-Slack-Signature", out var signature))
        {
            return "X-Slack-Request-Timestamp and X-Slack-Signature are required.";
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return "X-Slack-Request-Timestamp is not a Unix time in seconds.";
        }

        var now = time.GetUtcNow();
        if ((now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Duration() > options.ReplayWindow)
        {
            return "X-Slack-Request-Timestamp is outside the replay window.";
        }

        var expected = Encoding.ASCII.GetBytes(Signature(secret, timestamp, body));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)))
        {
            return "X-Slack-Signature does not match the request.";
        }

        foreach (var (old, at) in seen)
        {
            if (now - at > options.ReplayWindow + options.ReplayWindow)
            {
                seen.TryRemove(old, out _);
            }
        }

        return seen.TryAdd(signature, now) ? null : "This request was already received (a replay).";
    }
}
