using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class ApiPagingTests
{
    /// <summary>A store that answers at most 3 items per call whatever is asked (as Table Storage may), tokens being positions.</summary>
    private static Func<int, string?, CancellationToken, Task<RecordPage<int>>> ShortPages(int total, List<(int Limit, string? Token)> calls) =>
        (limit, token, _) =>
        {
            calls.Add((limit, token));
            var start = token is null ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var items = Enumerable.Range(start, Math.Max(0, Math.Min(Math.Min(limit, 3), total - start))).ToList();
            var next = start + items.Count;
            return Task.FromResult(new RecordPage<int>(items, next < total ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
        };

    [Fact]
    public async Task FetchAsync_OffsetOverShortPages_SkipsExactlyThenReadsOnePage()
    {
        var calls = new List<(int, string?)>();

        var page = await new ApiPaging(Limit: 2, Offset: 7, ContinuationToken: null).FetchAsync(ShortPages(20, calls), CancellationToken.None);

        Assert.Equal([7, 8], page.Items);
        Assert.Equal("9", page.ContinuationToken);
        Assert.Equal([(7, null), (4, "3"), (1, "6"), (2, "7")], calls);
    }

    [Fact]
    public async Task FetchAsync_NoOffset_PassesTokenThrough()
    {
        var calls = new List<(int, string?)>();

        var page = await new ApiPaging(5, 0, "10").FetchAsync(ShortPages(20, calls), CancellationToken.None);

        Assert.Equal([10, 11, 12], page.Items);
        Assert.Equal([(5, "10")], calls);
    }

    [Fact]
    public void Read_NoParameters_DefaultsTo50FromTheStart()
    {
        var (paging, error) = ApiPaging.Read(new ApiRequest { Method = "GET" });

        Assert.Null(error);
        Assert.Equal(new ApiPaging(50, 0, null), paging);
    }
}
