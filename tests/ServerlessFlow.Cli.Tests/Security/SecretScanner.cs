using System.IO.Compression;
using System.Text;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Looks for a secret's clear text in bytes, text and folders: as UTF-8, UTF-16 (both byte orders), hex, and Base64
/// (standard and URL-safe, at each of the three alignments a secret can have inside a longer Base64 text); gzip content (as
/// DurableTask writes large messages) is looked into as well.</summary>
internal sealed class SecretScanner
{
    private readonly List<(string Form, byte[] Bytes)> forms = [];

    /// <summary>Prepares the forms of <paramref name="secret"/> to look for.</summary>
    public SecretScanner(string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        Add("UTF-8", utf8);
        Add("UTF-16LE", Encoding.Unicode.GetBytes(secret));
        Add("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(secret));
        Add("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(utf8)));
        Add("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(utf8)));
        for (var shift = 0; shift < 3; shift++)
        {
            // Only the characters that depend on the secret's bytes alone: the ones mixed with what precedes or follows differ.
            var encoded = Convert.ToBase64String([.. new byte[shift], .. utf8]);
            var start = shift == 0 ? 0 : shift + 1;
            var end = (shift + utf8.Length) / 3 * 4;
            var core = encoded[start..end];
            Add($"Base64 (shift {shift})", Encoding.ASCII.GetBytes(core));
            Add($"Base64 (shift {shift}) in UTF-16LE", Encoding.Unicode.GetBytes(core));
            Add($"Base64url (shift {shift})", Encoding.ASCII.GetBytes(core.Replace('+', '-').Replace('/', '_')));
        }
    }

    /// <summary>The forms of the secret found in <paramref name="bytes"/> (and in it decompressed, when it is gzip).</summary>
    public List<string> Find(byte[] bytes)
    {
        var found = forms.Where(f => bytes.AsSpan().IndexOf(f.Bytes) >= 0).Select(f => f.Form).ToList();
        if (bytes is [0x1f, 0x8b, ..])
        {
            try
            {
                using var unzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                unzip.CopyTo(plain);
                found.AddRange(Find(plain.ToArray()).Select(f => "gzip " + f));
            }
            catch (InvalidDataException)
            {
                // Not gzip after all: the raw bytes were scanned above.
            }
        }

        return found;
    }

    /// <summary>The forms of the secret found in <paramref name="text"/>.</summary>
    public List<string> Find(string text) => Find(Encoding.UTF8.GetBytes(text));

    /// <summary>Every file under <paramref name="folder"/> that holds the secret in some form, as "path: forms".</summary>
    public List<string> FindInFolder(string folder)
    {
        var leaks = new List<string>();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            if (Find(File.ReadAllBytes(file)) is { Count: > 0 } found)
            {
                leaks.Add(file + ": " + string.Join(", ", found));
            }
        }

        return leaks;
    }

    private void Add(string form, byte[] bytes) => forms.Add((form, bytes));
}
