using System.Globalization;
using System.Text;

namespace ServerlessFlow.Runtime.Runners;

/// <summary>Reads a stream to its end keeping at most <c>limit</c> bytes: the rest is counted and dropped, so a process
/// that prints 100 MB costs the limit in memory, not 100 MB. The text gets a marker saying how much was cut.</summary>
internal sealed class BoundedOutputCapture
{
    private readonly int limit;
    private readonly MemoryStream kept = new();
    private long dropped;

    public BoundedOutputCapture(int limit) => this.limit = limit;

    public async Task ReadToEndAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            var room = (int)Math.Max(0, limit - kept.Length);
            var take = Math.Min(room, read);
            if (take > 0)
            {
                kept.Write(buffer, 0, take);
            }

            dropped += read - take;
        }
    }

    public string Text()
    {
        var bytes = kept.GetBuffer().AsSpan(0, (int)kept.Length);
        if (dropped == 0)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        // Do not split a UTF-8 sequence at the cut: step back to a character boundary.
        var end = bytes.Length;
        while (end > 0 && (bytes[end - 1] & 0xC0) == 0x80)
        {
            end--;
        }

        if (end > 0 && bytes[end - 1] >= 0xC0)
        {
            end--;
        }

        var omitted = dropped + (bytes.Length - end);
        return Encoding.UTF8.GetString(bytes[..end])
            + string.Create(CultureInfo.InvariantCulture, $"\n[output truncated: {omitted} more bytes were not kept]");
    }
}
