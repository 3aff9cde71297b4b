using System.Net;
using ServerlessFlow.Cli.Serve;

namespace ServerlessFlow.Cli.Tests.Serve;

/// <summary>
/// What actions reach in <c>sflow serve</c>: the rules see the triggers actions emit (<c>core.st2.generic.actiontrigger</c>
/// when an execution completes, <c>core.st2.generic.notifytrigger</c> for <c>notify</c>, whatever <c>core.inject_trigger</c>
/// dispatches), and action parameters read the server's
/// key-value store (over the repository's packs plus a small test pack written for each test).
/// </summary>
public sealed class ServeActionWiringTests : IDisposable
{
    private readonly string packs = Path.Combine(Path.GetTempPath(), "sflow-action-trigger-tests-" + Guid.NewGuid().ToString("N"));

    public ServeActionWiringTests()
    {
        Write("pack.yaml", """
            ---
            ref: tpack
            name: tpack
            description: Rules on action triggers and injected triggers.
            version: 1.0.0
            author: test
            email: test@example.com
            dependencies:
              - core
            """);
        Write("triggers/ping.yaml", """
            ---
            name: ping
            pack: tpack
            description: Emitted by core.inject_trigger.
            payload_schema:
              type: object
              properties:
                who:
                  type: string
            """);
        Write("rules/after_echo.yaml", """
            ---
            name: after_echo
            pack: tpack
            enabled: true
            trigger:
              type: core.st2.generic.actiontrigger
            criteria:
              trigger.action_name:
                type: equals
                pattern: core.echo
              trigger.parameters.message:
                type: equals
                pattern: hi from the api
            action:
              ref: core.echo
              parameters:
                message: "{{ trigger.action_ref }} {{ trigger.status }}: {{ trigger.result.stdout }}"
            """);
        Write("rules/on_ping.yaml", """
            ---
            name: on_ping
            pack: tpack
            enabled: true
            trigger:
              type: tpack.ping
            action:
              ref: core.echo
              parameters:
                message: "pong {{ trigger.who }}"
            """);
        Write("actions/announce.yaml", """
            ---
            name: announce
            runner_type: orquesta
            description: Injects tpack.ping from a workflow task.
            enabled: true
            entry_point: workflows/announce.yaml
            parameters:
              who:
                type: string
                required: true
            """);
        Write("actions/noisy.yaml", """
            ---
            name: noisy
            runner_type: local-shell-cmd
            description: Notifies the chat route when it completes.
            enabled: true
            entry_point: ''
            parameters:
              cmd:
                type: string
                immutable: true
                default: echo hi
            notify:
              on-complete:
                routes:
                  - chat
                message: "noisy said {{ action_results.stdout }}"
            """);
        Write("rules/on_notify.yaml", """
            ---
            name: on_notify
            pack: tpack
            enabled: true
            trigger:
              type: core.st2.generic.notifytrigger
            criteria:
              trigger.route:
                type: equals
                pattern: chat
            action:
              ref: core.echo
              parameters:
                message: "{{ trigger.message }} ({{ trigger.status }})"
            """);
        Write("actions/kv_say.yaml", """
            ---
            name: kv_say
            runner_type: local-shell-cmd
            description: Says what the key-value store holds under system.motto.
            enabled: true
            entry_point: ''
            parameters:
              motto:
                type: string
                default: "{{ st2kv.system.motto }}"
              cmd:
                type: string
                immutable: true
                default: 'echo "motto: {{ motto }}"'
            """);
        Write("actions/kv_flow.yaml", """
            ---
            name: kv_flow
            runner_type: orquesta
            description: Runs kv_say as a workflow task.
            enabled: true
            entry_point: workflows/kv_flow.yaml
            """);
        Write("actions/workflows/kv_flow.yaml", """
            version: 1.0
            input:
              - upper: "{{ st2kv('system.motto') | upper }}"
            tasks:
              say:
                action: tpack.kv_say
                next:
                  - when: <% succeeded() %>
                    publish:
                      - said: <% result().stdout %>
            output:
              - said: <% ctx().said %>
              - upper: <% ctx().upper %>
            """);
        Write("actions/kv_child.yaml", """
            ---
            name: kv_child
            runner_type: orquesta
            description: A sub-workflow whose parameter defaults read st2kv and each other.
            enabled: true
            entry_point: workflows/kv_child.yaml
            parameters:
              motto:
                type: string
                default: "{{ st2kv.system.motto }}"
              shout:
                type: string
                default: "{{ motto | upper }}!"
            """);
        Write("actions/workflows/kv_child.yaml", """
            version: 1.0
            input:
              - motto
              - shout
            tasks:
              rest:
                action: core.noop
            output:
              - motto: <% ctx().motto %>
              - shout: <% ctx().shout %>
            """);
        Write("actions/kv_parent.yaml", """
            ---
            name: kv_parent
            runner_type: orquesta
            description: Runs kv_child with its defaults, or with a parameter it does not have.
            enabled: true
            entry_point: workflows/kv_parent.yaml
            parameters:
              wrong:
                type: boolean
                default: false
            """);
        Write("actions/workflows/kv_parent.yaml", """
            version: 1.0
            input:
              - wrong
            tasks:
              pick:
                next:
                  - when: <% ctx().wrong %>
                    do: bad
                  - when: <% not ctx().wrong %>
                    do: good
              good:
                action: tpack.kv_child
                next:
                  - when: <% succeeded() %>
                    publish:
                      - child: <% result().output %>
              bad:
                action: tpack.kv_child nope=1
            output:
              - child: <% ctx().child %>
            """);
        Write("actions/workflows/announce.yaml", """
            version: 1.0
            input:
              - who
            tasks:
              ping:
                action: core.inject_trigger
                input:
                  trigger: tpack.ping
                  payload:
                    who: <% ctx().who %>
            """);
    }

    [Fact]
    public async Task PostExecution_CoreEchoCompletes_ActionTriggerRuleOnActionNameFires()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"core.echo","parameters":{"message":"hi from the api"}}""");
        var fired = await client.WaitForAsync(
            "/api/v1/executions?action=core.echo",
            body => body is List<object?> l && l.Any(e => Rule(e) == "tpack.after_echo" && ServeHostTests.Field(e, "status") is "succeeded"));

        Assert.Equal(HttpStatusCode.Created, status);
        var echo = ((List<object?>)fired!).Single(e => Rule(e) == "tpack.after_echo");
        Assert.Equal("core.echo succeeded: hi from the api", ServeHostTests.Field(ServeHostTests.Field(echo, "result"), "stdout"));
        var instances = (List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=core.st2.generic.actiontrigger"))!;
        Assert.Contains(instances, i => ServeHostTests.Field(ServeHostTests.Field(i, "payload"), "action_name") is "core.echo");
    }

    [Fact]
    public async Task PostExecution_ActionWithNotify_NotifyTriggerRuleOnRouteFires()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"tpack.noisy"}""");
        var fired = await client.WaitForAsync(
            "/api/v1/executions?action=core.echo",
            body => body is List<object?> l && l.Any(e => Rule(e) == "tpack.on_notify" && ServeHostTests.Field(e, "status") is "succeeded"));

        Assert.Equal(HttpStatusCode.Created, status);
        var echo = ((List<object?>)fired!).Single(e => Rule(e) == "tpack.on_notify");
        Assert.Equal("noisy said hi (succeeded)", ServeHostTests.Field(ServeHostTests.Field(echo, "result"), "stdout"));
    }

    [Fact]
    public async Task PostExecution_WorkflowTaskCallsInjectTrigger_RuleOnInjectedTriggerFires()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"tpack.announce","parameters":{"who":"ann"}}""");
        var fired = await client.WaitForAsync(
            "/api/v1/executions?action=core.echo",
            body => body is List<object?> l && l.Any(e => Rule(e) == "tpack.on_ping" && ServeHostTests.Field(e, "status") is "succeeded"));

        Assert.Equal(HttpStatusCode.Created, status);
        var pong = ((List<object?>)fired!).Single(e => Rule(e) == "tpack.on_ping");
        Assert.Equal("pong ann", ServeHostTests.Field(ServeHostTests.Field(pong, "result"), "stdout"));
        var ping = Assert.Single((List<object?>)(await client.GetAsync("/api/v1/triggerinstances?trigger=tpack.ping"))!);
        Assert.Equal("ann", ServeHostTests.Field(ServeHostTests.Field(ping, "payload"), "who"));
    }

    [Fact]
    public async Task PostExecution_WorkflowInputAndTaskActionDefaultsReadSt2kv_RenderValueSetThroughTheApi()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (put, _) = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/motto", """{"name":"motto","value":"keep calm"}""");
        var (status, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"tpack.kv_flow"}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{ServeHostTests.Field(execution, "id")}", body => ServeHostTests.Field(body, "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.OK, put);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("""{"output":{"said":"motto: keep calm","upper":"KEEP CALM"}}""", Core.Values.JsonText.Serialize(ServeHostTests.Field(done, "result")));
    }

    [Fact]
    public async Task PostExecution_SubWorkflowDefaultsReadSt2kvAndEachOther_ChildGetsRenderedValues()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        await client.SendAsync(HttpMethod.Put, "/api/v1/keys/motto", """{"name":"motto","value":"keep calm"}""");
        var (_, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"tpack.kv_parent"}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{ServeHostTests.Field(execution, "id")}", body => ServeHostTests.Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("""{"output":{"child":{"motto":"keep calm","shout":"KEEP CALM!"}}}""", Core.Values.JsonText.Serialize(ServeHostTests.Field(done, "result")));
    }

    [Fact]
    public async Task PostExecution_SubWorkflowGivenUnknownParameter_TaskFailsWithReasonAndChildNeverStarts()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var (_, execution) = await client.SendAsync(HttpMethod.Post, "/api/v1/executions", """{"action":"tpack.kv_parent","parameters":{"wrong":true}}""");
        var done = await client.WaitForAsync($"/api/v1/executions/{ServeHostTests.Field(execution, "id")}", body => ServeHostTests.Field(body, "status") is "succeeded" or "failed");

        Assert.Equal("failed", ServeHostTests.Field(done, "status"));
        Assert.Contains("'nope' is not a parameter of tpack.kv_child", Core.Values.JsonText.Serialize(ServeHostTests.Field(done, "result")), StringComparison.Ordinal);
        Assert.Empty((List<object?>)(await client.GetAsync("/api/v1/executions?action=tpack.kv_child"))!);
    }

    public void Dispose()
    {
        if (Directory.Exists(packs))
        {
            Directory.Delete(packs, recursive: true);
        }
    }

    private static string? Rule(object? execution) => ServeHostTests.Field(ServeHostTests.Field(execution, "context"), "rule") as string;

    private void Write(string path, string text)
    {
        string full = Path.Combine(packs, "tpack", path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = [Path.Combine(RepositoryPaths.Root, "packs"), packs],
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
    });
}
