using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using Xunit.Abstractions;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.St2Client;

/// <summary>
/// StackStorm's own <c>st2</c> CLI (st2client from the StackStorm/st2 repository, in <c>../shared/clients</c>) drives
/// <c>sflow serve</c> (in-memory storage, StackStorm's core and examples packs) through the everyday commands of issue #15,
/// each expected to exit 0 and print what it should. It runs on the Python that has <c>orjson</c> (pyenv's here; Debian lacks
/// it) with the other dependencies from Debian's packages (<c>eng/ci-deps.sh</c>), and skips saying what is missing
/// otherwise. <c>sseclient-py</c> (for <c>st2 execution tail</c>) is not packaged by Debian: the test puts our own minimal
/// SSE reader (<c>St2Client/sseclient.py</c>, the one call st2client makes) on the path.
/// </summary>
public sealed partial class St2ClientTests(ITestOutputHelper output)
{
    // Hang guard only: one st2 command imports st2client (about a second) and talks to a local server.
    private static readonly TimeSpan CommandGuard = TimeSpan.FromSeconds(120);

    private static readonly string ClientFolder = Path.Combine(RepositoryPaths.Root, "..", "shared", "clients", "st2client");
    private const string DebianPackages = "/usr/lib/python3/dist-packages";

    [GeneratedRegex("[0-9a-f]{24}")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Colours();

    private sealed record Outcome(string Command, int ExitCode, string Output, bool Passed, string Expected);

    [SkippableFact]
    public async Task St2Cli_EverydayCommands_EachExitsZeroWithExpectedContent()
    {
        var python = await FindPythonAsync();
        await using var host = await ServeHost.StartAsync(new ServeOptions
        {
            PackFolders = [RepositoryPaths.St2Packs],
            Url = "http://127.0.0.1:0",
            Storage = ServeStorageKind.Memory,
            RunTimerLoop = false,
        });
        using var client = new ServeClient(host.Url);
        var shim = Directory.CreateTempSubdirectory("sflow-st2client-");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "St2Client", "sseclient.py"), Path.Combine(shim.FullName, "sseclient.py"));
        var outcomes = new List<Outcome>();
        try
        {
            async Task<string> St2(string expected, params string[] arguments)
            {
                var (code, text) = await RunAsync(python, shim.FullName, host.Url, arguments);
                var passed = code == 0 && (expected.Length == 0 || Regex.IsMatch(text, expected, RegexOptions.Singleline));
                lock (outcomes)
                {
                    outcomes.Add(new Outcome("st2 " + string.Join(' ', arguments), code, text, passed, expected));
                }

                return text;
            }

            await St2("core\\.echo.*core\\.local", "action", "list");
            await St2("local-shell-cmd", "action", "get", "core.echo");
            await St2("local-shell-cmd.*orquesta", "runner", "list");
            await St2("stdout: hello-st2.*succeeded|succeeded.*stdout: hello-st2", "run", "core.echo", "message=hello-st2");
            await St2("stdout: local-ok", "run", "core.local", "cmd=echo local-ok");
            await St2("Stan, All your base are belong to us!", "run", "examples.orquesta-sequential", "name=Stan");
            var asyncRun = await St2("st2 execution get [0-9a-f]{24}", "run", "examples.orquesta-sequential", "name=Ann", "-a");
            var workflowId = IdPattern().Match(asyncRun).Value;
            await client.WaitForAsync($"/api/v1/executions/{workflowId}", body => Field(body, "status") is "succeeded" or "failed");
            await St2(workflowId, "execution", "list");
            await St2("task1.*task2.*task3", "execution", "get", workflowId);
            await St2("task1.*task2.*task3", "execution", "get", workflowId, "--show-tasks");
            var rerun = await St2("succeeded", "execution", "re-run", workflowId);
            // Re-run from a task: task1's result is kept, only task2 and what follows it run under the new execution.
            var fromTask = await St2("task2.*task3", "execution", "re-run", workflowId, "--tasks", "task2");
            await St2("has completed \\(status=succeeded\\)", "execution", "tail", workflowId);

            // A workflow held by a delay long enough for the pause to reach it first on a loaded machine: it becomes paused
            // after its running task, as in StackStorm, and is resumed; another is canceled. The live tail is below.
            var slow = IdPattern().Match(await St2("", "run", "examples.orquesta-delay", "name=Ann", "delay=45", "-a")).Value;
            await client.WaitForAsync($"/api/v1/executions/{slow}", body => Field(body, "status") is "running");
            await St2($"id: {slow}.*status: (running|pausing)", "execution", "pause", slow);
            await client.WaitForAsync($"/api/v1/executions/{slow}", body => Field(body, "status") is "paused", TimeSpan.FromMinutes(3));
            await St2($"id: {slow}.*status: (paused|resuming|running)", "execution", "resume", slow);
            await client.WaitForAsync($"/api/v1/executions/{slow}", body => Field(body, "status") is "succeeded");
            var doomed = IdPattern().Match(await St2("", "run", "examples.orquesta-delay", "name=Ann", "delay=60", "-a")).Value;
            await client.WaitForAsync($"/api/v1/executions/{doomed}", body => Field(body, "status") is "running");
            await St2("canceled", "execution", "cancel", doomed);

            // Rules (one created from a file, so the check's webhook runs only what it made), triggers, and what a webhook
            // leaves behind: a trigger instance, an enforcement, an execution, one trace.
            var ruleFile = Path.Combine(shim.FullName, "st2_check_rule.yaml");
            await File.WriteAllTextAsync(ruleFile, """
                name: st2_check_hook
                pack: examples
                description: Made by st2 rule create in the st2 CLI check.
                enabled: true
                trigger: {type: core.st2.webhook, parameters: {url: st2-check}}
                criteria: {trigger.body.name: {type: equals, pattern: st2}}
                action: {ref: core.echo, parameters: {message: "hook {{ trigger.body.name }}"}}
                """);
            await St2("examples\\.st2_check_hook", "rule", "create", ruleFile);
            await St2("examples\\.sample_rule_with_webhook.*examples\\.st2_check_hook", "rule", "list");
            await St2("core\\.st2\\.webhook.*st2-check", "rule", "get", "examples.st2_check_hook");
            await St2("enabled\\s*\\|\\s*False", "rule", "disable", "examples.st2_check_hook");
            await St2("enabled\\s*\\|\\s*True", "rule", "enable", "examples.st2_check_hook");
            await St2("core\\.st2\\.webhook", "trigger", "list");
            var (posted, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/st2-check", """{"name":"st2"}""", headers: new Dictionary<string, string> { ["St2-Trace-Tag"] = "st2-cli-check" });
            Assert.Equal(System.Net.HttpStatusCode.Accepted, posted);
            var enforced = (List<object?>)(await client.WaitForAsync("/api/v1/ruleenforcements?rule=examples.st2_check_hook", body => body is List<object?> { Count: > 0 }))!;
            var instanceId = (string)Field(Assert.Single(enforced), "trigger_instance_id")!;
            await St2(instanceId, "trigger-instance", "list");
            await St2("re-sent", "trigger-instance", "re-emit", instanceId);
            await St2("st2_check_ho", "rule-enforcement", "list");
            await St2("st2-cli-check", "trace", "list");
            await St2("examples\\.st2_check_hook.*core\\.echo", "trace", "get", ServerlessFlow.Runtime.Api.TracesApi.IdOf("st2-cli-check"));
            await St2("sample.*st2-check|st2-check.*sample", "webhook", "list");
            await St2("deleted", "rule", "delete", "examples.st2_check_hook");

            // Key-value pairs in the user scope.
            await St2("sflow-check.*st2kv\\.user", "key", "set", "sflow-check", "value-1", "--scope", "user");
            await St2("value-1", "key", "get", "sflow-check", "--scope", "user");
            await St2("sflow-check", "key", "list", "--scope", "user");
            await St2("deleted", "key", "delete", "sflow-check", "--scope", "user");

            // Packs, inquiries, and the catalogue's other lists.
            await St2("examples.*core|core.*examples", "pack", "list");
            await St2("examples", "pack", "get", "examples");
            // A workflow waiting on an inquiry, tailed live: the tail is listening on the stream before the answer lets the
            // workflow go on, so what it prints does not depend on timing.
            var asking = IdPattern().Match(await St2("", "run", "examples.orquesta-ask-basic", "-a")).Value;
            var inquiry = (string)Field(Assert.Single((List<object?>)(await client.WaitForAsync("/api/v1/inquiries", body => body is List<object?> { Count: > 0 }))!), "id")!;
            await St2(inquiry, "inquiry", "list");
            await St2("approved", "inquiry", "get", inquiry);
            var listeners = host.Runtime.Events.SubscriberCount;
            var tail = St2("Child execution \\(task=finish\\).*has started.*Execution [0-9a-f]{24} has completed \\(status=succeeded\\)", "execution", "tail", asking);
            using (var guard = new CancellationTokenSource(CommandGuard))
            {
                while (host.Runtime.Events.SubscriberCount <= listeners)
                {
                    await Task.Delay(50, guard.Token);
                }
            }

            await St2("Response accepted for inquiry", "inquiry", "respond", inquiry, "-r", """{"approved": true}""");
            await tail;
            await client.WaitForAsync($"/api/v1/executions/{asking}", body => Field(body, "status") is "succeeded" or "failed");
            await St2("examples\\.SampleSensor", "sensor", "list");
            await St2("action\\.concurrency|No matching items found", "policy", "list");
            await St2("examples\\.remote_shell_cmd", "action-alias", "list");
            await St2("remote_shell_cmd", "action-alias", "match", "run date on 127.0.0.1");
            // The alias's action (core.remote) runs in the background and may fail here without SSH: the answer is the match
            // and the execution it stored.
            await St2("Matching Action-alias: 'examples\\.remote_shell_cmd'.*st2 execution get [0-9a-f]{24}", "action-alias", "execute", "run date on 127.0.0.1");
            Assert.Contains("succeeded", rerun, StringComparison.Ordinal);
            Assert.DoesNotContain("task1", fromTask, StringComparison.Ordinal);
        }
        finally
        {
            shim.Delete(recursive: true);
            foreach (var outcome in outcomes)
            {
                output.WriteLine($"{(outcome.Passed ? "ok  " : "FAIL")} exit {outcome.ExitCode}  {outcome.Command}");
                if (!outcome.Passed)
                {
                    output.WriteLine($"     expected /{outcome.Expected}/ in:\n{outcome.Output}");
                }
            }
        }

        Assert.All(outcomes, o => Assert.True(o.Passed, $"{o.Command} exited {o.ExitCode}; expected /{o.Expected}/ in:\n{o.Output}"));
    }

    /// <summary>The interpreter st2client can run on: pyenv's python3 (for orjson) with Debian's packages on the path.</summary>
    private static async Task<string> FindPythonAsync()
    {
        Skip.IfNot(Directory.Exists(ClientFolder), $"StackStorm's st2client is not at {ClientFolder} (../shared/clients).");
        var probe = "import orjson, requests, prettytable, yaml, dateutil, jsonschema, jsonpath_rw, six, argcomplete, prompt_toolkit, pygments, cryptography, OpenSSL, socks, pytz, chardet, editor; import st2client.shell";
        foreach (var candidate in new[] { "python3", "/usr/bin/python3" })
        {
            try
            {
                var (code, text) = await RunProcessAsync(candidate, [.. new[] { "-c", probe }], Environment(ClientFolder, null, null), TimeSpan.FromSeconds(60));
                if (code == 0)
                {
                    return candidate;
                }

                Skip.If(candidate == "/usr/bin/python3", $"No Python here can run st2client (it needs orjson, which Debian lacks, and the Debian packages in eng/ci-deps.sh): {text.Trim()}");
            }
            catch (System.ComponentModel.Win32Exception) when (candidate != "/usr/bin/python3")
            {
                // No python3 on PATH: try Debian's.
            }
        }

        Skip.If(true, "No python3 found.");
        return string.Empty;
    }

    private static Dictionary<string, string> Environment(string clientFolder, string? shim, string? url)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PYTHONPATH"] = string.Join(':', new[] { DebianPackages, clientFolder, shim }.Where(p => p is not null)),
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            // st2client reads ~/.st2/config and caches tokens there: a home of its own keeps the user's out of the check.
            ["HOME"] = shim ?? Path.GetTempPath(),
        };
        if (url is not null)
        {
            env["ST2_BASE_URL"] = url;
            env["ST2_API_URL"] = url + "/api/v1";
            env["ST2_STREAM_URL"] = url + "/api/v1";
        }

        return env;
    }

    private async Task<(int Code, string Output)> RunAsync(string python, string shim, string url, string[] arguments)
    {
        var (code, text) = await RunProcessAsync(
            python,
            [.. new[] { "-c", "import sys; sys.argv[0] = 'st2'; from st2client.shell import main; sys.exit(main())" }, .. arguments],
            Environment(ClientFolder, shim, url.TrimEnd('/')),
            CommandGuard);
        return (code, Colours().Replace(text, string.Empty));
    }

    private static async Task<(int Code, string Output)> RunProcessAsync(string file, string[] arguments, Dictionary<string, string> environment, TimeSpan guard)
    {
        var start = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(guard);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {guard}.");
        }

        var text = new StringBuilder().Append(await stdout).Append(await stderr).ToString();
        return (process.ExitCode, text);
    }
}
