using ServerlessFlow.Runtime.Webhooks;

namespace ServerlessFlow.Runtime.Tests.Webhooks;

public sealed class WebhookBodyReaderTests
{
    [Fact]
    public async Task ReadAsync_BodyAtLimit_ReturnsIt()
    {
        using var stream = new MemoryStream(new byte[100]);

        var body = await WebhookBodyReader.ReadAsync(stream, null, 100, CancellationToken.None);

        Assert.Equal(100, body!.Length);
    }

    [Fact]
    public async Task ReadAsync_ChunkedBodyOverLimit_ReturnsNullWithoutReadingItAll()
    {
        using var stream = new MemoryStream(new byte[1_000_000]);

        var body = await WebhookBodyReader.ReadAsync(stream, null, 1000, CancellationToken.None);

        Assert.Null(body);
        Assert.True(stream.Position <= 1001 + 81920, $"read {stream.Position} bytes");
    }

    [Fact]
    public async Task ReadAsync_ContentLengthOverLimit_ReturnsNullWithoutReading()
    {
        using var stream = new MemoryStream(new byte[10]);

        var body = await WebhookBodyReader.ReadAsync(stream, 5000, 1000, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(0, stream.Position);
    }
}
