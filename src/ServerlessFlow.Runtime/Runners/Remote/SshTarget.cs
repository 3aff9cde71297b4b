using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>One entry of a remote runner's <c>hosts</c>: a host name or address with an optional port, parsed as st2's
/// <c>split_host_port</c> does (<c>host</c>, <c>host:port</c>, bare IPv4/IPv6, <c>[v6]</c>, <c>[v6]:port</c>).</summary>
/// <param name="Given">The entry as written.</param>
/// <param name="HostName">The host name or address, without brackets.</param>
/// <param name="Port">The port written in the entry, if any.</param>
public sealed record SshTarget(string Given, string HostName, int? Port)
{
    /// <summary>st2's default SSH port.</summary>
    public const int DefaultPort = 22;

    /// <summary>Parses one entry; throws <see cref="ArgumentException"/> naming it when the port is not a number in 1–65535.</summary>
    public static SshTarget Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = entry.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("A host entry is empty.");
        }

        // A bare IPv6 address holds colons that are not a port separator; .NET would also accept "[v6]:port" and "v4:port" here.
        if (!text.StartsWith('[') && IPAddress.TryParse(text, out var address)
            && (address.AddressFamily == AddressFamily.InterNetworkV6 || (!text.Contains(':', StringComparison.Ordinal) && text.Count(c => c == '.') == 3)))
        {
            return new SshTarget(entry, text, null);
        }

        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"Host '{entry}' has an opening '[' without a closing ']'.");
            }

            var inner = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length == 0)
            {
                return new SshTarget(entry, inner, null);
            }

            if (!rest.StartsWith(':'))
            {
                throw new ArgumentException($"Host '{entry}': only ':port' may follow ']'.");
            }

            return new SshTarget(entry, inner, ParsePort(entry, rest[1..]));
        }

        var colon = text.LastIndexOf(':');
        return colon < 0
            ? new SshTarget(entry, text, null)
            : new SshTarget(entry, text[..colon], ParsePort(entry, text[(colon + 1)..]));
    }

    /// <summary>Splits st2's comma-separated <c>hosts</c> string (blank entries dropped, each trimmed).</summary>
    public static IReadOnlyList<SshTarget> ParseList(string hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        return hosts.Split(',').Where(h => h.Length > 0 && !string.IsNullOrWhiteSpace(h)).Select(Parse).ToList();
    }

    private static int ParsePort(string entry, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"Invalid port '{text}' in host '{entry}'.");
}
