namespace ServerlessFlow.Functions.Tests.Deployment;

public sealed class BicepTemplateTests
{
    [Fact]
    public void Build_RepositoryTemplate_CompilesAndLintsClean()
    {
        using var copy = new TempInfraCopy();

        var build = BicepCli.Run("build", copy.MainBicep, "--stdout");
        var lint = BicepCli.Run("lint", copy.MainBicep);

        Assert.True(build.ExitCode == 0, build.Error);
        Assert.True(lint.ExitCode == 0, lint.Error + lint.Output);
        Assert.StartsWith("{", build.Output.TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_SyntaxErrorInModule_FailsNamingTheFile()
    {
        using var copy = new TempInfraCopy();
        copy.Edit("modules/servicebus.bicep", text => text.Replace("requiresDuplicateDetection: true", "requiresDuplicateDetection: true,,", StringComparison.Ordinal));

        var build = BicepCli.Run("build", copy.MainBicep, "--stdout");

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("servicebus.bicep", build.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_UnusedParameter_FailsBecauseConfigRaisesItToError()
    {
        using var copy = new TempInfraCopy();
        copy.Edit("main.bicep", text => text + "\nparam neverUsed string = 'x'\n");

        var lint = BicepCli.Run("lint", copy.MainBicep);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains("no-unused-params", lint.Error + lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_HardcodedLocation_Fails()
    {
        using var copy = new TempInfraCopy();
        copy.Edit("modules/identity.bicep", text => text.Replace("  location: location\n", "  location: 'westeurope'\n", StringComparison.Ordinal));

        var lint = BicepCli.Run("lint", copy.MainBicep);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains("no-hardcoded-location", lint.Error + lint.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_SecretInOutput_Fails()
    {
        using var copy = new TempInfraCopy();
        copy.Edit("main.bicep", text => text + "\noutput leaked string = apiKey\n");

        var lint = BicepCli.Run("lint", copy.MainBicep);

        Assert.NotEqual(0, lint.ExitCode);
        Assert.Contains("outputs-should-not-contain-secrets", lint.Error + lint.Output, StringComparison.Ordinal);
    }
}
