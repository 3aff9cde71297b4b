using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Aliases;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Aliases;

/// <summary>The test core pack with a few action aliases, the alias use case and the two alias resources over in-memory stores.</summary>
internal sealed class AliasWorld
{
    public static readonly Dictionary<string, string> AliasFiles = new(StringComparer.Ordinal)
    {
        ["aliases/local_shell.yaml"] = """
            name: local_shell
            action_ref: core.local
            description: Run a command on the host.
            formats:
              - display: "local <cmd>"
                representation: ["local {{ cmd }}"]
            ack:
              format: "Running *{{ execution.parameters.cmd }}* as {{ actionalias.ref }}"
            result:
              format: "{{ execution.parameters.cmd }} said {{ execution.result.stdout | trim }} ({{ execution.status }})"
            """,
        ["aliases/say.yaml"] = """
            name: say
            action_ref: core.echo
            formats: ["say {{ message }}", "shout {{ message }}"]
            """,
        ["aliases/say_twice.yaml"] = """
            name: say_twice
            action_ref: core.echo
            formats: ["say {{ message }} twice"]
            """,
        ["aliases/nap.yaml"] = """
            name: nap
            action_ref: core.pause
            formats: ["nap for {{ max_pause }} seconds"]
            """,
    };

    public AliasWorld()
    {
        var files = Directory.EnumerateFiles(CorePack.Directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(CorePack.Directory, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
        foreach (var (path, text) in AliasFiles)
        {
            files[path] = text;
        }

        Catalog = PackCatalog.Create([PackLoader.Load(new InMemoryPackSource(CorePack.Directory, files, "core"))]);
        Assert.False(Catalog.HasErrors, string.Join("; ", Catalog.Diagnostics));
        Service = new AliasExecutionService(Catalog, Host.Actions, Host.Time);
        Api = new ReadRunApi(ApiKeyGuard.Open, [new ActionAliasesApi(Catalog, Service), new AliasExecutionsApi(Service)]);
    }

    public TestHost Host { get; } = new();

    public PackCatalog Catalog { get; }

    public AliasExecutionService Service { get; }

    public ReadRunApi Api { get; }

    public Task<ApiResult> CallAsync(string resource, ApiRequest request) => Api.HandleAsync(resource, request, CancellationToken.None);

    /// <summary>Waits (hang guard only) until the execution, run in the background, has completed.</summary>
    public async Task<ExecutionState> CompletedAsync(string id)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            if (await Host.Executions.GetAsync(id, guard.Token) is { } execution && execution.Status.IsCompleted())
            {
                return execution;
            }

            await Task.Delay(20, guard.Token);
        }
    }
}
