using static ServerlessFlow.Runtime.Tests.Api.ApiCalls;

namespace ServerlessFlow.Runtime.Tests.Api;

public sealed class KeysApiTests
{
    private readonly ApiWorld world = new();

    [Fact]
    public async Task HandleAsync_PutThenGetAndList_AnswersThePair()
    {
        var put = await world.CallAsync("keys", With("PUT", "region", """{"value": "eu"}"""));
        await world.CallAsync("keys", With("PUT", "other", """{"value": "x"}"""));

        var get = await world.CallAsync("keys", Get("region"));
        var list = await world.CallAsync("keys", Get("", ("prefix", "reg")));

        Assert.Equal(200, put.StatusCode);
        Assert.Equal("eu", Object(get)["value"]);
        var only = Assert.IsType<Dictionary<string, object?>>(Assert.Single(List(list)));
        Assert.Equal("region", only["name"]);
    }

    [Fact]
    public async Task HandleAsync_DeleteExisting_Answers204ThenGet404()
    {
        await world.CallAsync("keys", With("PUT", "gone", """{"value": "v"}"""));

        var deleted = await world.CallAsync("keys", With("DELETE", "gone"));
        var again = await world.CallAsync("keys", With("DELETE", "gone"));
        var get = await world.CallAsync("keys", Get("gone"));

        Assert.Equal(204, deleted.StatusCode);
        Assert.False(deleted.HasBody);
        Assert.Null(deleted.BodyText);
        Assert.Equal(404, again.StatusCode);
        Assert.Equal("Key gone was not found.", Fault(get));
    }

    [Theory]
    [InlineData("""{"value": 5}""", "Field \"value\" must be a string.")]
    [InlineData("""{"value": "v", "secret": "yes"}""", "Field \"secret\" must be true or false.")]
    [InlineData("""{"value": "v", "ttl": 1.5}""", "Field \"ttl\" must be a whole number of seconds.")]
    public async Task HandleAsync_PutBadField_Answers400NamingIt(string body, string expected)
    {
        var result = await world.CallAsync("keys", With("PUT", "k", body));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(expected, Fault(result));
    }

    [Fact]
    public async Task HandleAsync_PutSecretWithoutEncryptionKey_Answers400AndStoresNothing()
    {
        var result = await world.CallAsync("keys", With("PUT", "password", """{"value": "p", "secret": true}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("no datastore encryption key is configured", Fault(result), StringComparison.Ordinal);
        Assert.Equal(404, (await world.CallAsync("keys", Get("password"))).StatusCode);
    }

    [Fact]
    public async Task HandleAsync_PutNonPositiveTtl_Answers400()
    {
        var result = await world.CallAsync("keys", With("PUT", "k", """{"value": "v", "ttl": 0}"""));

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("TTL must be a positive number of seconds", Fault(result), StringComparison.Ordinal);
    }
}
