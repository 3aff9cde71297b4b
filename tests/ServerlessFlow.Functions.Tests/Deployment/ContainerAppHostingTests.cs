using System.Text.Json;

namespace ServerlessFlow.Functions.Tests.Deployment;

/// <summary>hosting=ContainerApps (the app image with Debian's Python for pack code): the container app gets the same
/// settings as the Flex Consumption app, the Key Vault ones as container-app secrets, at least one replica.</summary>
public sealed class ContainerAppHostingTests
{
    private static readonly string[] KeyVaultSettings = ["SFLOW_API_KEY", "SFLOW_DATASTORE_KEY", "SFLOW_WEBHOOK_AUTH"];

    [Fact]
    public void Template_ContainerApp_GetsTheFunctionAppsSettingsWithKeyVaultOnesAsSecrets()
    {
        var main = CompiledTemplate.Main;
        var flex = main.Deployment("functionapp").GetProperty("properties").GetProperty("parameters");
        var aca = main.Deployment("containerapp").GetProperty("properties").GetProperty("parameters");

        Assert.Equal(Names(flex.GetProperty("appSettings").GetProperty("value")), Names(aca.GetProperty("appSettings").GetProperty("value")));
        Assert.Equal(KeyVaultSettings, Names(aca.GetProperty("secretUris").GetProperty("value")));
        Assert.All(KeyVaultSettings, name => Assert.Contains("@Microsoft.KeyVault(", flex.GetProperty("appSettings").GetProperty("value").GetProperty(name).GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Template_ContainerApp_IsAFunctionAppWithOneReplicaAtLeastAndSecretsNotInPlainEnv()
    {
        var module = CompiledTemplate.Main.Deployment("containerapp").GetProperty("properties").GetProperty("template");
        var app = CompiledTemplate.Resources(module).Single(r => r.GetProperty("type").GetString() == "Microsoft.App/containerApps");
        var plain = module.GetProperty("variables").GetProperty("plainSettings").GetString();

        Assert.Equal("functionapp", app.GetProperty("kind").GetString());
        Assert.Equal(1, app.GetProperty("properties").GetProperty("template").GetProperty("scale").GetProperty("minReplicas").GetInt32());
        Assert.Contains("not(contains(parameters('secretUris')", plain, StringComparison.Ordinal);
        Assert.Contains("keyVaultUrl", app.GetRawText(), StringComparison.Ordinal);
    }

    private static string[] Names(JsonElement settings) => settings.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
}
