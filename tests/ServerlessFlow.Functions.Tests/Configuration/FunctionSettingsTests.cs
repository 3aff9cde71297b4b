using Microsoft.Extensions.Configuration;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Runtime.KeyValues;

namespace ServerlessFlow.Functions.Tests.Configuration;

public sealed class FunctionSettingsTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values)
    {
        var all = new Dictionary<string, string?> { [AppSettingNames.TriggerQueue] = "trigger-instances" };
        foreach (var (key, value) in values)
        {
            all[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    [Fact]
    public void Read_Defaults_StorageQueueAndDefaultLimits()
    {
        var settings = FunctionSettings.Read(Config());

        Assert.Equal(TriggerBusKind.StorageQueue, settings.TriggerBus);
        Assert.Equal(1024 * 1024, settings.WebhookLimits.MaxBodyBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WebhookLimits.ReplayWindow);
        Assert.Null(settings.WebhookAuth.ApiKey);
        Assert.Null(settings.DatastoreCipher);
    }

    [Fact]
    public void Read_ApiUrlSetting_IsWhatWorkflowsRead()
    {
        var settings = FunctionSettings.Read(Config((AppSettingNames.ApiUrl, "https://automation.example.com/api/v1/"), (FunctionSettings.WebsiteHostName, "ignored.azurewebsites.net")));

        Assert.Equal("https://automation.example.com/api/v1", settings.ApiUrl);
    }

    [Fact]
    public void Read_NoApiUrlSetting_UsesTheAppsHostName()
    {
        Assert.Equal("https://sflow-app.azurewebsites.net/api/v1", FunctionSettings.Read(Config((FunctionSettings.WebsiteHostName, "sflow-app.azurewebsites.net"))).ApiUrl);
        Assert.Equal("http://localhost:7071/api/v1", FunctionSettings.Read(Config((FunctionSettings.WebsiteHostName, "localhost:7071"))).ApiUrl);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/api/v1")]
    public void Read_BadApiUrl_NamesTheSetting(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.Read(Config((AppSettingNames.ApiUrl, value))));

        Assert.Contains(AppSettingNames.ApiUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DatastoreKey_GivesACipherThatRoundTrips()
    {
        var key = SecretCipher.GenerateKey();

        var cipher = FunctionSettings.Read(Config((AppSettingNames.DatastoreKey, key))).DatastoreCipher;

        Assert.NotNull(cipher);
        Assert.Equal("hunter2", cipher.Decrypt(cipher.Encrypt("hunter2", "system:pw"), "system:pw"));
    }

    [Theory]
    [InlineData("not base64 at all!", "base64")]
    [InlineData("c2hvcnQta2V5LTE2LWJ5dGU=", "32 bytes")]
    public void Read_BadDatastoreKey_ThrowsNamingTheSettingWithoutEchoingTheKey(string key, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.Read(Config((AppSettingNames.DatastoreKey, key))));

        Assert.Contains(AppSettingNames.DatastoreKey, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceBusInDefaultBuild_ThrowsSayingHowToBuild()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.Read(Config((AppSettingNames.TriggerBus, "ServiceBus"))));

        Assert.Contains("-p:ServiceBusTrigger=true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AppSettingNames.TriggerBus, "Kafka")]
    [InlineData(AppSettingNames.WebhookMaxBodyBytes, "-1")]
    [InlineData(AppSettingNames.WebhookMaxBodyBytes, "lots")]
    [InlineData(AppSettingNames.WebhookReplayWindowSeconds, "0")]
    [InlineData(AppSettingNames.WebhookAuth, "{\"gh\": {\"scheme\": \"nope\", \"secret\": \"s\"}}")]
    public void Read_BadValue_ThrowsNamingTheSetting(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.Read(Config((key, value))));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingQueueName_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => FunctionSettings.Read(Config((AppSettingNames.TriggerQueue, null))));

        Assert.Contains(AppSettingNames.TriggerQueue, error.Message, StringComparison.Ordinal);
    }
}
