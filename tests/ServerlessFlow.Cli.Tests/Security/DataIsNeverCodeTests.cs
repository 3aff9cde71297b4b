using System.Net;
using ServerlessFlow.Cli.Serve;
using ServerlessFlow.Cli.Tests.Serve;
using ServerlessFlow.Core.Values;
using static ServerlessFlow.Cli.Tests.Serve.ServeHostTests;

namespace ServerlessFlow.Cli.Tests.Security;

/// <summary>Issue #12, findings 1 and 2, probed as an attacker would through <c>sflow serve</c>'s webhooks: webhook data is
/// never evaluated as YAQL or Jinja (in rules, parameter defaults, workflow inputs, publish, action output) and never becomes
/// shell syntax (in a rule's command or a workflow task's command, in every quoting context).</summary>
public sealed class DataIsNeverCodeTests
{
    private const string Secret = "clear-text-of-db-secret-7f3a";

    private static readonly string[] Packs =
    [
        Path.Combine(RepositoryPaths.Root, "packs"),
        Path.Combine(RepositoryPaths.Root, "tests", "ServerlessFlow.Cli.Tests", "Security", "packs"),
    ];

    public static TheoryData<string> Templates() => new()
    {
        "{{ 7*7 }}",
        "{{ st2kv.system.db_secret | decrypt_kv }}",
        "<% 7*7 %>",
        "<% st2kv('system.db_secret', decrypt => true) %>",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{% raw %}{{ 1 }}{% endraw %} {{ 2 }}",
        "a {{ trigger.body }} b <% ctx() %>",
    };

    public static TheoryData<string> ShellInjections() => new()
    {
        "x; touch MARKER",
        "$(touch MARKER)",
        "`touch MARKER`",
        "x\ntouch MARKER",
        "'; touch MARKER; '",
        "a\"; touch MARKER; \"b",
        "${IFS}$(touch${IFS}MARKER)",
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Webhook_TemplateInEchoedMessage_IsPrintedAsText(string message)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        await SetSecretAsync(client);

        var execution = await PostAndWaitAsync(client, "echo", message, "core.echo");

        Assert.Equal("succeeded", Field(execution, "status"));
        Assert.Equal(message, Field(Field(execution, "result"), "stdout"));
        Assert.DoesNotContain(Secret, JsonText.Serialize(execution), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Webhook_TemplateThroughWorkflowInputPublishAndOutput_StaysText(string message)
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        await SetSecretAsync(client);

        var execution = await PostAndWaitAsync(client, "data", message, "hostile.data");

        Assert.Equal("succeeded", Field(execution, "status"));
        var output = Field(Field(execution, "result"), "output");
        Assert.Equal(message, Field(output, "msg"));
        Assert.Equal("got " + message, Field(output, "greeting"));
        Assert.Equal(message, Field(output, "said"));
        Assert.Equal("said " + message, Field(output, "said_text"));
        Assert.Equal(message, Field(output, "said_jinja"));
        var all = JsonText.Serialize(await client.GetAsync("/api/v1/executions"));
        Assert.DoesNotContain(Secret, all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_OrderPayloadReadingSecret_StaysTextInWorkflowOutput()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        await SetSecretAsync(client);
        const string customer = "<% st2kv(\"system.db_secret\", decrypt=>true) %>";

        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/orders", JsonText.Serialize(new Dictionary<string, object?>
        {
            ["order_id"] = "{{ st2kv.system.db_secret | decrypt_kv }}",
            ["items"] = new List<object?> { "<% 6*7 %>" },
            ["customer"] = customer,
        }));
        var list = await client.WaitForAsync("/api/v1/executions?action=examples.process_order", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is "succeeded" or "failed");

        Assert.Equal(HttpStatusCode.Accepted, status);
        var workflow = ((List<object?>)list!)[0];
        Assert.Equal("succeeded", Field(workflow, "status"));
        var output = Field(Field(workflow, "result"), "output");
        Assert.Equal("order {{ st2kv.system.db_secret | decrypt_kv }} from " + customer, Field(output, "notice"));
        Assert.Equal(new List<object?> { "checking <% 6*7 %>" }, Field(output, "checked"));
        Assert.DoesNotContain(Secret, JsonText.Serialize(await client.GetAsync("/api/v1/executions")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_RuleObjectParameterWithJsonBreakingValue_KeepsValueInPlace()
    {
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);
        const string message = "\", \"injected\": \"{{ 7*7 }}";

        var execution = await PostAndWaitAsync(client, "params", message, "hostile.data");

        Assert.Equal("succeeded", Field(execution, "status"));
        var extra = Field(Field(Field(execution, "result"), "output"), "extra");
        Assert.Equal("""{"note":"\", \"injected\": \"{{ 7*7 }}","raw":"\", \"injected\": \"{{ 7*7 }}"}""", JsonText.Serialize(extra));
    }

    [Theory]
    [MemberData(nameof(ShellInjections))]
    public async Task Webhook_ShellSyntaxInWorkflowCommand_IsOneQuotedArgument(string injection)
    {
        var marker = Path.Combine(Path.GetTempPath(), "sflow-pwned-" + Guid.NewGuid().ToString("N"));
        var message = injection.Replace("MARKER", marker, StringComparison.Ordinal);
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var execution = await PostAndWaitAsync(client, "shell", message, "hostile.shell");

        Assert.False(File.Exists(marker), "the injected command ran");
        Assert.Equal("succeeded", Field(execution, "status"));
        var output = Field(Field(execution, "result"), "output");
        Assert.Equal(message, Field(output, "bare"));
        Assert.Equal(message, Field(output, "double"));
        Assert.Equal(message, Field(output, "single"));
        Assert.Equal(message, Field(output, "jinja"));
        Assert.Equal(new List<object?> { message }, Field(output, "items"));
    }

    [Theory]
    [MemberData(nameof(ShellInjections))]
    public async Task Webhook_ShellSyntaxInRuleCommand_IsOneQuotedArgument(string injection)
    {
        var marker = Path.Combine(Path.GetTempPath(), "sflow-pwned-" + Guid.NewGuid().ToString("N"));
        var message = injection.Replace("MARKER", marker, StringComparison.Ordinal);
        await using var host = await StartAsync();
        using var client = new ServeClient(host.Url);

        var execution = await PostAndWaitAsync(client, "local", message, "core.local");

        Assert.False(File.Exists(marker), "the injected command ran");
        Assert.Equal("succeeded", Field(execution, "status"));
        Assert.Equal(message, Field(Field(execution, "result"), "stdout"));
    }

    private static async Task<object?> PostAndWaitAsync(ServeClient client, string hook, string message, string action)
    {
        var (status, _) = await client.SendAsync(HttpMethod.Post, "/api/v1/webhooks/" + hook, JsonText.Serialize(new Dictionary<string, object?> { ["msg"] = message }));
        Assert.Equal(HttpStatusCode.Accepted, status);
        var list = await client.WaitForAsync($"/api/v1/executions?action={action}", body => body is List<object?> { Count: 1 } l && Field(l[0], "status") is not ("requested" or "scheduled" or "running"));
        return ((List<object?>)list!)[0];
    }

    private static async Task SetSecretAsync(ServeClient client)
    {
        var (status, _) = await client.SendAsync(HttpMethod.Put, "/api/v1/keys/db_secret", JsonText.Serialize(new Dictionary<string, object?> { ["value"] = Secret, ["secret"] = true }));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static Task<ServeHost> StartAsync() => ServeHost.StartAsync(new ServeOptions
    {
        PackFolders = Packs,
        Url = "http://127.0.0.1:0",
        Storage = ServeStorageKind.Memory,
        RunTimerLoop = false,
        ApiKey = null,
        DatastoreKey = ServerlessFlow.Runtime.KeyValues.SecretCipher.GenerateKey(),
    });
}
