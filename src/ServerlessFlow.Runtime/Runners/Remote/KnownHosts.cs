using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>An OpenSSH <c>known_hosts</c> file, read for host key checks: plain and hashed (<c>|1|salt|hash</c>) host
/// patterns, <c>[host]:port</c> for other ports than 22, <c>*</c>/<c>?</c> wildcards and <c>!</c> negation;
/// <c>@revoked</c> lines refuse their key, <c>@cert-authority</c> lines are ignored (certificates are not checked).</summary>
public sealed class KnownHosts
{
    private readonly List<Entry> entries;

    private KnownHosts(List<Entry> entries) => this.entries = entries;

    /// <summary>Reads the file; throws <see cref="InvalidOperationException"/> naming it when it cannot be read.</summary>
    public static KnownHosts Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"The known_hosts file '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(lines);
    }

    /// <summary>Parses known_hosts lines; malformed lines are skipped, as ssh does.</summary>
    public static KnownHosts Parse(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var entries = new List<Entry>();
        foreach (var raw in lines)
        {
            var fields = raw.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#'))
            {
                continue;
            }

            var marker = fields[0].StartsWith('@') ? fields[0] : null;
            var offset = marker is null ? 0 : 1;
            if (fields.Length < offset + 3 || marker == "@cert-authority")
            {
                continue;
            }

            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(fields[offset + 2]);
            }
            catch (FormatException)
            {
                continue;
            }

            entries.Add(new Entry(fields[offset].Split(','), blob, marker == "@revoked"));
        }

        return new KnownHosts(entries);
    }

    /// <summary>True when <paramref name="hostKey"/> (the key blob the server sent) is listed for the host and port, and not revoked.</summary>
    public bool Trusts(string hostName, int port, byte[] hostKey)
    {
        ArgumentNullException.ThrowIfNull(hostKey);
        var name = port == SshTarget.DefaultPort ? hostName : string.Create(CultureInfo.InvariantCulture, $"[{hostName}]:{port}");
        var trusted = false;
        foreach (var entry in entries)
        {
            if (!entry.Matches(name) || !entry.Key.AsSpan().SequenceEqual(hostKey))
            {
                continue;
            }

            if (entry.Revoked)
            {
                return false;
            }

            trusted = true;
        }

        return trusted;
    }

    private sealed record Entry(string[] Patterns, byte[] Key, bool Revoked)
    {
        public bool Matches(string name)
        {
            var matched = false;
            foreach (var pattern in Patterns)
            {
                var negated = pattern.StartsWith('!');
                var body = negated ? pattern[1..] : pattern;
                if (!PatternMatches(body, name))
                {
                    continue;
                }

                if (negated)
                {
                    return false;
                }

                matched = true;
            }

            return matched;
        }

        private static bool PatternMatches(string pattern, string name)
        {
            if (pattern.StartsWith("|1|", StringComparison.Ordinal))
            {
                var parts = pattern.Split('|');
                if (parts.Length != 4)
                {
                    return false;
                }

                try
                {
                    using var hmac = new HMACSHA1(Convert.FromBase64String(parts[2]));
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes(name)).AsSpan().SequenceEqual(Convert.FromBase64String(parts[3]));
                }
                catch (FormatException)
                {
                    return false;
                }
            }

            if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
            {
                return string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
            }

            var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(name, regex, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
    }
}
