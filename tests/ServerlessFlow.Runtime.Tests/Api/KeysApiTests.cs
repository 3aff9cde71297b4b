using ServerlessFlow.Runtime.KeyValues;
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

    [Fact]
    public async Task HandleAsync_GetSecretWithoutDecrypt_AnswersCiphertext()
    {
        var secretWorld = new ApiWorld(cipher: new SecretCipher(SecretCipher.GenerateKey()));
        await secretWorld.CallAsync("keys", With("PUT", "password", """{"value": "hunter2", "secret": true}"""));

        var get = Object(await secretWorld.CallAsync("keys", Get("password")));
        var listed = Assert.IsType<Dictionary<string, object?>>(Assert.Single(List(await secretWorld.CallAsync("keys", Get("", ("decrypt", "false"))))));

        Assert.NotEqual("hunter2", get["value"]);
        Assert.Equal(true, get["encrypted"]);
        Assert.Equal(get["value"], listed["value"]);
        Assert.Equal(true, listed["encrypted"]);
    }

    [Fact]
    public async Task HandleAsync_GetAndListWithDecrypt_AnswersClearSecretNotEncrypted()
    {
        var secretWorld = new ApiWorld(cipher: new SecretCipher(SecretCipher.GenerateKey()));
        await secretWorld.CallAsync("keys", With("PUT", "password", """{"value": "hunter2", "secret": true}"""));
        await secretWorld.CallAsync("keys", With("PUT", "plain", """{"value": "open"}"""));

        var get = Object(await secretWorld.CallAsync("keys", Get("password", ("decrypt", "true"))));
        var listed = List(await secretWorld.CallAsync("keys", Get("", ("decrypt", "True"))))
            .Cast<Dictionary<string, object?>>().ToDictionary(p => (string)p["name"]!);

        Assert.Equal("hunter2", get["value"]);
        Assert.Equal(true, get["secret"]);
        Assert.Equal(false, get["encrypted"]);
        Assert.Equal("hunter2", listed["password"]["value"]);
        Assert.Equal(false, listed["password"]["encrypted"]);
        Assert.Equal("open", listed["plain"]["value"]);
    }

    [Fact]
    public async Task HandleAsync_DecryptNotABoolean_Answers400NamingIt()
    {
        var result = await world.CallAsync("keys", Get("k", ("decrypt", "yes")));

        Assert.Equal(400, result.StatusCode);
        Assert.Equal("Query parameter \"decrypt\" must be true or false, not \"yes\".", Fault(result));
    }

    [Fact]
    public async Task HandleAsync_DecryptWithoutApiKey_Answers401()
    {
        var guarded = new ApiWorld(apiKey: "k3y", cipher: new SecretCipher(SecretCipher.GenerateKey()));

        var result = await guarded.CallAsync("keys", Get("password", ("decrypt", "true")));

        Assert.Equal(401, result.StatusCode);
    }
}
