using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Tests.Packs;

/// <summary>A pack installed from a git repository at a tag and upgraded to a later tag while a workflow of the old version is
/// under way, on the local Durable engine: the running workflow finishes with the definition it started with (through an
/// inquiry answered after the upgrade and a durable timer), new runs use the new one.</summary>
public sealed class PackUpgradeTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-upgrade-" + Guid.NewGuid().ToString("N")[..8]);

    public PackUpgradeTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task InstallAsync_UpgradeWhileOldWorkflowWaits_OldRunFinishesWithOldDefinitionNewRunsUseNew()
    {
        using var cts = new CancellationTokenSource(HangGuard);
        var repository = Path.Combine(root, "lifecycle.git");
        MakeRepository(repository);
        var installInto = Path.Combine(root, "packs");
        Directory.CreateDirectory(installInto);
        string[] folders = [Path.Combine(RepositoryPaths.Root, "packs"), installInto];
        var loaded = LoadedPacks.Load(folders);
        var runtime = LocalRuntime.Create(
            loaded.Catalog, loaded.Rules, RuntimeStores.InMemory(), new InMemoryTriggerBus(), TimeProvider.System, null, null, RunCommand.DefaultUrl,
            NullLoggerFactory.Instance, new LocalDurableEngineOptions().Backend, python: null, configsFolder: null,
            new PackHostChoice(() => LoadedPacks.Load(folders), new PackInstallOptions { PacksFolder = installInto, OtherPackFolders = folders }));
        await using var host = await LocalWorkflowHost.StartAsync(runtime, new LocalDurableEngineOptions(), cts.Token);
        var packs = runtime.Packs!;

        var (v1, _) = await packs.InstallAsync(["file://" + repository + "=v1.0.0"], force: false, skipDependencies: false, cts.Token);
        var old = await host.Connection.Actions.RunAsync(
            runtime.Catalog.FindAction("lifecycle.wait")!, [], Path.Combine(installInto, "lifecycle", "actions"), executionId: "old-run", cancellationToken: cts.Token);
        var inquiry = await PendingInquiryAsync(runtime, cts.Token);
        var (v2, reload) = await packs.InstallAsync(["file://" + repository + "=v2.0.0"], force: false, skipDependencies: false, cts.Token);
        var fresh = await host.RunAsync("lifecycle.wait", [], "new-run", cts.Token);
        await host.Connection.Control.RespondAsync(inquiry, new() { ["go"] = true }, "tester", cts.Token);
        await host.Workflows.WaitAsync("old-run", cts.Token);
        var oldDone = (await host.Executions.GetAsync("old-run", cts.Token))!;

        Assert.Equal(("1.0.0", "2.0.0"), (Assert.Single(v1.Packs).Version, Assert.Single(v2.Packs).Version));
        Assert.Equal(["lifecycle 1.0.0 -> 2.0.0"], reload.Updated);
        Assert.Equal(ExecutionStatus.Running, old.Status);
        Assert.Equal("1.0.0", old.Definition?.Version);
        Assert.Equal(ExecutionStatus.Succeeded, fresh.Status);
        Assert.Equal("""{"output":{"made_by":"2.0.0"}}""", JsonText.Serialize(fresh.Result));
        Assert.Equal("2.0.0", fresh.Definition?.Version);
        Assert.Equal(ExecutionStatus.Succeeded, oldDone.Status);
        Assert.Equal("""{"output":{"made_by":"1.0.0"}}""", JsonText.Serialize(oldDone.Result));
        Assert.Equal(["core.ask", "core.noop"], (await host.Executions.ListChildrenAsync("old-run", cts.Token)).Select(t => t.Action));
    }

    private static async Task<string> PendingInquiryAsync(ServerlessFlowRuntime runtime, CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await runtime.Stores.Inquiries.ListAsync("pending", 10, null, cancellationToken);
            if (page.Items.Count > 0)
            {
                return page.Items[0].Id;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void MakeRepository(string bare)
    {
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(work);
        Git(root, "init", "--quiet", "--bare", bare);
        Git(work, "init", "--quiet", "-b", "main");
        Publish(work, "1.0.0", """
            version: 1.0
            tasks:
              ask:
                action: core.ask
                input:
                  schema:
                    type: object
                    properties:
                      go:
                        type: boolean
                next:
                  - when: <% succeeded() %>
                    do: sleep
              sleep:
                delay: 1
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - made_by: "1.0.0"
            output:
              - made_by: <% ctx().made_by %>
            """);
        Publish(work, "2.0.0", """
            version: 1.0
            tasks:
              sleep:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - made_by: "2.0.0"
            output:
              - made_by: <% ctx().made_by %>
            """);
        Git(work, "push", "--quiet", bare, "main", "v1.0.0", "v2.0.0");
    }

    private static void Publish(string work, string version, string workflow)
    {
        Directory.CreateDirectory(Path.Combine(work, "actions", "workflows"));
        File.WriteAllText(Path.Combine(work, "pack.yaml"), $"ref: lifecycle\nname: lifecycle\ndescription: Upgraded under a running workflow.\nversion: {version}\nauthor: test\nemail: test@example.com\n");
        File.WriteAllText(Path.Combine(work, "actions", "wait.yaml"), "name: wait\nrunner_type: orquesta\nentry_point: workflows/wait.yaml\n");
        File.WriteAllText(Path.Combine(work, "actions", "workflows", "wait.yaml"), workflow);
        Git(work, "add", "-A");
        Git(work, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", version);
        Git(work, "tag", "v" + version);
    }

    private static void Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error.Result}");
    }
}
