using System.Diagnostics;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.St2Client;

/// <summary>StackStorm's own <c>st2 pack install | remove</c> and <c>st2 action create | delete</c> against <c>sflow serve</c>: a
/// pack installed from a bare git repository at a tag shows up in <c>st2 pack get</c> and <c>st2 action list</c> without a
/// restart, an action created in it runs at once, and both go again.</summary>
public sealed partial class St2ClientTests
{
    [SkippableFact]
    public async Task St2PackInstall_BareGitRepositoryAtTag_InstalledActionCreatedRunDeletedThenRemoved()
    {
        var python = await FindPythonAsync();
        var root = Directory.CreateTempSubdirectory("sflow-st2pack-");
        var installed = Directory.CreateDirectory(Path.Combine(root.FullName, "packs"));
        var repository = Path.Combine(root.FullName, "lifecycle.git");
        MakeRepository(root.FullName, repository);
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [installed.FullName, Path.Combine(RepositoryPaths.Root, "packs")],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var client = new ServeClient(host.Url);
        var shim = Directory.CreateTempSubdirectory("sflow-st2client-");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "St2Client", "sseclient.py"), Path.Combine(shim.FullName, "sseclient.py"));
        try
        {
            var install = await RunAsync(python, shim.FullName, host.Url, ["pack", "install", $"file://{repository}=v1.0.0"]);
            var get = await RunAsync(python, shim.FullName, host.Url, ["pack", "get", "lifecycle"]);
            var actions = await RunAsync(python, shim.FullName, host.Url, ["action", "list", "--pack", "lifecycle"]);
            var listed = await client.GetAsync("/api/v1/packs/lifecycle");
            var metadata = Path.Combine(root.FullName, "made.yaml");
            await File.WriteAllTextAsync(metadata, "name: made\npack: lifecycle\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo made by st2\n");
            var create = await RunAsync(python, shim.FullName, host.Url, ["action", "create", metadata]);
            var run = await RunAsync(python, shim.FullName, host.Url, ["run", "lifecycle.made"]);
            var delete = await RunAsync(python, shim.FullName, host.Url, ["action", "delete", "lifecycle.made"]);
            var deleted = await client.SendAsync(HttpMethod.Get, "/api/v1/actions/lifecycle.made");
            var remove = await RunAsync(python, shim.FullName, host.Url, ["pack", "remove", "lifecycle"]);
            var gone = await client.SendAsync(HttpMethod.Get, "/api/v1/packs/lifecycle");

            Assert.True(install.Item1 == 0, install.Item2);
            Assert.True(get.Item1 == 0 && get.Item2.Contains("1.0.0", StringComparison.Ordinal), get.Item2);
            Assert.True(actions.Item1 == 0 && actions.Item2.Contains("lifecycle.say", StringComparison.Ordinal), actions.Item2);
            Assert.StartsWith("sha256:", (string)Field(listed, "content_hash")!, StringComparison.Ordinal);
            Assert.True(create.Item1 == 0 && create.Item2.Contains("lifecycle.made", StringComparison.Ordinal), create.Item2);
            Assert.True(run.Item1 == 0 && run.Item2.Contains("made by st2", StringComparison.Ordinal), run.Item2);
            Assert.True(delete.Item1 == 0, delete.Item2);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, deleted.Status);
            Assert.False(File.Exists(Path.Combine(installed.FullName, "lifecycle", "actions", "made.yaml")));
            Assert.True(remove.Item1 == 0, remove.Item2);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.Status);
            Assert.False(Directory.Exists(Path.Combine(installed.FullName, "lifecycle")));
        }
        finally
        {
            shim.Delete(recursive: true);
            root.Delete(recursive: true);
        }
    }

    private static void MakeRepository(string root, string bare)
    {
        var work = Path.Combine(root, "work");
        Directory.CreateDirectory(Path.Combine(work, "actions"));
        Git(root, "init", "--quiet", "--bare", bare);
        Git(work, "init", "--quiet", "-b", "main");
        File.WriteAllText(Path.Combine(work, "pack.yaml"), "ref: lifecycle\nname: lifecycle\ndescription: Installed by st2 pack install.\nversion: 1.0.0\nauthor: test\nemail: test@example.com\n");
        File.WriteAllText(Path.Combine(work, "actions", "say.yaml"), "name: say\nrunner_type: local-shell-cmd\nparameters:\n  cmd:\n    default: echo 1.0.0\n");
        Git(work, "add", "-A");
        Git(work, "-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "1.0.0");
        Git(work, "tag", "v1.0.0");
        Git(work, "push", "--quiet", bare, "main", "v1.0.0");
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
