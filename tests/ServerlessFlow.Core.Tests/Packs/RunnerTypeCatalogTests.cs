using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Tests.Packs;

public class RunnerTypeCatalogTests
{
    [Theory]
    [InlineData("local-shell-cmd", true)]
    [InlineData("local-shell-script", true)]
    [InlineData("http-request", true)]
    [InlineData("noop", true)]
    [InlineData("orquesta", true)]
    [InlineData("orchestra", true)]
    [InlineData("inquirer", true)]
    [InlineData("python-script", true)]
    [InlineData("remote-shell-cmd", true)]
    [InlineData("remote-shell-script", true)]
    [InlineData("winrm-cmd", false)]
    [InlineData("winrm-ps-cmd", false)]
    [InlineData("winrm-ps-script", false)]
    [InlineData("action-chain", true)]
    [InlineData("mistral", false)]
    [InlineData("mistral-v2", false)]
    [InlineData("announcement", true)]
    public void Find_KnownRunner_SaysWhetherServerlessFlowRunsIt(string name, bool supported)
    {
        var runner = RunnerTypeCatalog.Default.Find(name);

        Assert.NotNull(runner);
        Assert.Equal(supported, runner.Supported);
        Assert.Equal(supported, runner.UnsupportedReason is null);
    }

    [Fact]
    public void Default_RunnerParameters_MatchStackStormsRunnerYaml()
    {
        var local = RunnerTypeCatalog.Default.Find("local-shell-cmd")!;
        Assert.Equal(["cmd", "cwd", "env", "kwarg_op", "sudo", "sudo_password", "timeout"], local.RunnerParameters.Keys);
        Assert.Equal(false, local.RunnerParameters["sudo"].Default);
        Assert.Equal(60L, local.RunnerParameters["timeout"].Default);
        Assert.Equal("--", local.RunnerParameters["kwarg_op"].Default);
        Assert.True(local.RunnerParameters["sudo_password"].Secret);
        Assert.True(local.RunnerParameters["sudo_password"].HasDefault);

        var http = RunnerTypeCatalog.Default.Find("http-request")!;
        Assert.True(http.RunnerParameters["url"].Required);
        Assert.Equal("body", http.OutputKey);

        var inquirer = RunnerTypeCatalog.Default.Find("inquirer")!;
        Assert.Equal(1440L, inquirer.RunnerParameters["ttl"].Default);
        Assert.IsType<Dictionary<string, object?>>(inquirer.RunnerParameters["schema"].Default);

        var remoteScript = RunnerTypeCatalog.Default.Find("remote-shell-script")!;
        Assert.False(remoteScript.RunnerParameters["dir"].Immutable);
        Assert.True(RunnerTypeCatalog.Default.Find("remote-shell-cmd")!.RunnerParameters["dir"].Immutable);

        Assert.Equal(EntryPointUse.File, RunnerTypeCatalog.Default.Find("orquesta")!.EntryPoint);
        var python = RunnerTypeCatalog.Default.Find("python-script")!;
        Assert.Equal(["core.uuid", "core.pause", "core.inject_trigger", "packs.install", "packs.uninstall", "packs.load"], python.NativeActions);
        Assert.True(python.Runs("core.uuid"));
        Assert.True(python.Runs("examples.isprime"));
    }

    [Fact]
    public void Find_UnknownName_ReturnsNull()
    {
        Assert.Null(RunnerTypeCatalog.Default.Find("cobol-batch"));
    }

    [Fact]
    public void Parse_MalformedDefinitions_Throws()
    {
        Assert.Throws<FormatException>(() => RunnerTypeCatalog.Parse("name: not-a-list"));
        Assert.Throws<FormatException>(() => RunnerTypeCatalog.Parse("- description: nameless"));
        Assert.Throws<FormatException>(() => RunnerTypeCatalog.Parse("- name: x\n  entry_point: sometimes"));
    }
}
