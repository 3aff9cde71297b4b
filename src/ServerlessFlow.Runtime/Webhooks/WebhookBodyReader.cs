namespace ServerlessFlow.Runtime.Webhooks;

/// <summary>Reads a request body up to a limit without buffering more than the limit, so a huge
/// upload costs at most <c>MaxBodyBytes + 1</c> bytes of memory before it is refused.</summary>
public static class WebhookBodyReader
{
    /// <summary>Returns the body, or null when it is longer than <paramref name="maxBytes"/>
    /// (known from Content-Length up front, or found while reading a chunked body).</summary>
    public static async Task<byte[]?> ReadAsync(Stream body, long? contentLength, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        if (contentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(81920, maxBytes + 1)];
        while (true)
        {
            var read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }
}
