using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServerlessFlow.Azure.Timers;
using ServerlessFlow.Azure.TriggerBus;
using ServerlessFlow.Functions.Api;
using ServerlessFlow.Functions.Configuration;
using ServerlessFlow.Functions.Hosting;
using ServerlessFlow.Functions.RuleEvaluation;
using ServerlessFlow.Runtime.Enforcements;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.KeyValues;
using ServerlessFlow.Functions.Tests.Support;
using ServerlessFlow.Functions.Timers;
using ServerlessFlow.Runtime.Timers;
using ServerlessFlow.Functions.Webhooks;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Functions.Tests.Hosting;

/// <summary>The app's real service composition on Azurite with the repository's packs: a webhook
/// request becomes a stored trigger instance and a queue message; a timer tick emits the heartbeat.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RuntimeServicesTests(AzuriteFixture azurite)
{
    private const string ApiKey = "composition-api-key-0123";

    private async Task<(ServiceProvider Provider, string Queue)> StartAsync(string? datastoreKey = null, ITimerStartStore? timerStarts = null)
    {
        var queue = "compose-" + Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AppSettingNames.HostStorageConnection] = azurite.Azurite.ConnectionString,
            [AppSettingNames.TriggerQueue] = queue,
            [AppSettingNames.ApiKey] = ApiKey,
            [AppSettingNames.PacksPath] = Path.Combine(TestPaths.RepositoryRoot, "packs"),
            [AppSettingNames.DatastoreKey] = datastoreKey,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServerlessFlowFunctions(configuration);
        services.AddServerlessFlowRuntime(configuration);
        services.AddTransient<WebhookFunction>();
        services.AddTransient<TimerSensorFunction>();
        services.AddTransient<RuleEvaluationTriggers>();
        services.AddTransient<ApiFunctions>();
        if (timerStarts is not null)
        {
            services.AddSingleton(timerStarts);
        }

        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>().OfType<StorageInitializer>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return (provider, queue);
    }

    [Fact]
    public async Task AddServerlessFlowRuntime_RepositoryPacks_LoadWithoutProblems()
    {
        var (provider, _) = await StartAsync();
        await using var owned = provider;

        var packs = provider.GetRequiredService<DeployedPacks>();

        Assert.Empty(packs.Problems);
        Assert.Contains(packs.Rules, r => r.Ref == "examples.greet_webhook");
    }

    [Fact]
    public async Task WebhookFunction_Composed_StoresInstanceAndQueuesMessage()
    {
        var (provider, queue) = await StartAsync();
        await using var owned = provider;
        var context = new DefaultHttpContext();
        var body = Encoding.UTF8.GetBytes("{\"name\": \"Thanos\"}");
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = "application/json";
        context.Request.Headers["St2-Api-Key"] = ApiKey;

        var result = await provider.GetRequiredService<WebhookFunction>().RunAsync(context.Request, "greet", CancellationToken.None);

        Assert.Equal(202, ((ContentResult)result).StatusCode);
        var stored = Assert.Single((await provider.GetRequiredService<ITriggerInstanceStore>().ListAsync(new TriggerInstanceQuery())).Items, i => i.Trigger == "core.st2.webhook");
        var messages = (await StorageQueueTriggerBusSender.CreateClient(azurite.Azurite.ConnectionString, queue).ReceiveMessagesAsync(10)).Value;
        Assert.Equal(stored.Id, TriggerBusMessage.TryRead(Assert.Single(messages).Body, out var problem)!.TriggerInstanceId);
    }

    [Fact]
    public async Task TimerSensorFunction_Composed_EmitsHeartbeatFires()
    {
        var (provider, _) = await StartAsync(timerStarts: DeployedAnHourAgo());
        await using var owned = provider;

        var fires = await provider.GetRequiredService<TimerSensor>().TickAsync(CancellationToken.None);

        Assert.NotEmpty(fires);
        Assert.All(fires, f => Assert.Equal("core.st2.IntervalTimer", f.Timer.Type));
        var store = provider.GetRequiredService<ITriggerInstanceStore>();
        Assert.NotNull(await store.GetAsync(fires[0].TriggerInstanceId));
    }

    [Fact]
    public async Task TimerSensor_Composed_RecordsFirstSeenInTableAndFiresNothingBeforeIt()
    {
        var (provider, _) = await StartAsync();
        await using var owned = provider;
        var before = DateTimeOffset.UtcNow;

        var fires = await provider.GetRequiredService<TimerSensor>().TickAsync(CancellationToken.None);

        // The heartbeat's first-seen time is this tick's, or an earlier test's on this Azurite: never later than now.
        var starts = provider.GetRequiredService<ITimerStartStore>();
        Assert.IsType<TableTimerStartStore>(starts);
        var heartbeat = RuleTimers.From(provider.GetRequiredService<DeployedPacks>().Rules).Single();
        var firstSeen = await starts.FirstSeenAsync(heartbeat.Key, DateTimeOffset.UtcNow.AddDays(1));
        Assert.True(firstSeen <= DateTimeOffset.UtcNow);
        Assert.All(fires, f => Assert.True(f.ScheduledTime > firstSeen, $"fire at {f.ScheduledTime:O} is not after first seen {firstSeen:O}"));
        if (firstSeen >= before)
        {
            Assert.Empty(fires);
        }
    }

    /// <summary>Timers first seen an hour ago: a deployment that has been running, so a tick's whole lookback is due.</summary>
    private static InMemoryTimerStartStore DeployedAnHourAgo()
    {
        var starts = new InMemoryTimerStartStore();
        foreach (var timer in RuleTimers.From(DeployedPacks.Load(Path.Combine(TestPaths.RepositoryRoot, "packs")).Rules))
        {
            starts.FirstSeenAsync(timer.Key, DateTimeOffset.UtcNow.AddHours(-1)).GetAwaiter().GetResult();
        }

        return starts;
    }

    [Fact]
    public async Task RunFromQueueAsync_SameMessageDeliveredThreeTimes_OneEnforcementAndOneExecution()
    {
        var (provider, queue) = await StartAsync(timerStarts: DeployedAnHourAgo());
        await using var owned = provider;
        var fires = await provider.GetRequiredService<TimerSensor>().TickAsync(CancellationToken.None);
        var instanceId = fires[^1].TriggerInstanceId;
        var client = StorageQueueTriggerBusSender.CreateClient(azurite.Azurite.ConnectionString, queue);
        var message = (await client.ReceiveMessagesAsync(32)).Value.Single(m => TriggerBusMessage.TryRead(m.Body, out var problem)?.TriggerInstanceId == instanceId);
        var triggers = provider.GetRequiredService<RuleEvaluationTriggers>();

        for (var delivery = 0; delivery < 3; delivery++)
        {
            Assert.Null(await triggers.RunFromQueueAsync(message, durableClient: null, CancellationToken.None));
        }

        var enforcements = (await provider.GetRequiredService<IEnforcementStore>().ListAsync(new EnforcementQuery { TriggerInstanceId = instanceId })).Items;
        var enforcementId = Assert.Single(enforcements).Id;
        var enforcement = (await provider.GetRequiredService<IEnforcementStore>().GetAsync(enforcementId))!;
        Assert.Equal("examples.heartbeat_timer", enforcement.RuleRef);
        var executions = (await provider.GetRequiredService<IExecutionStore>().ListAsync(new ExecutionQuery { Rule = "examples.heartbeat_timer", Limit = 100 })).Items;
        var executionId = Assert.Single(executions).Id;
        Assert.Equal(enforcement.ExecutionId, executionId);
        Assert.Equal(ExecutionStatus.Succeeded, (await provider.GetRequiredService<IExecutionStore>().GetAsync(executionId))!.Status);
    }

    [Fact]
    public async Task RunFromQueueAsync_MessageForMissingInstance_IsPoisonWithReason()
    {
        var (provider, _) = await StartAsync();
        await using var owned = provider;
        var message = global::Azure.Storage.Queues.Models.QueuesModelFactory.QueueMessage("m", "p", new TriggerBusMessage("000000000000000000000000", null).ToBinaryData(), 1);

        var poison = await provider.GetRequiredService<RuleEvaluationTriggers>().RunFromQueueAsync(message, durableClient: null, CancellationToken.None);

        Assert.Contains(RuleEvaluationProcessor.NotFoundReason, poison, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysFunction_SecretWithDatastoreKey_IsStoredOnlyAsCiphertext()
    {
        const string Clear = "app-kv-secret-5be07d";
        var (provider, _) = await StartAsync(SecretCipher.GenerateKey());
        await using var owned = provider;
        var context = new DefaultHttpContext();
        var body = Encoding.UTF8.GetBytes($$"""{"value": "{{Clear}}", "secret": true}""");
        context.Request.Method = "PUT";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = "application/json";
        context.Request.Headers["St2-Api-Key"] = ApiKey;

        var result = (ContentResult)await provider.GetRequiredService<ApiFunctions>().KeysAsync(context.Request, "app.db.password", CancellationToken.None);

        Assert.Equal(200, result.StatusCode);
        Assert.DoesNotContain(Clear, result.Content, StringComparison.Ordinal);
        Assert.Equal(Clear, await provider.GetRequiredService<KeyValueService>().GetValueAsync("app.db.password", decrypt: true));
        var scanned = await AzuriteContents.StoredTextAsync(azurite.Azurite.ConnectionString);
        Assert.Contains("app.db.password", scanned, StringComparison.Ordinal);
        Assert.Contains("aesgcm1:", scanned, StringComparison.Ordinal);
        Assert.DoesNotContain(Clear, scanned, StringComparison.Ordinal);
        foreach (var text in await AzuriteContents.DataFolderTextsAsync(azurite.Azurite.DataFolder))
        {
            Assert.DoesNotContain(Clear, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task KeysFunction_SecretWithoutDatastoreKey_IsRefusedNamingTheProblem()
    {
        var (provider, _) = await StartAsync();
        await using var owned = provider;
        var context = new DefaultHttpContext();
        var body = Encoding.UTF8.GetBytes("""{"value": "x", "secret": true}""");
        context.Request.Method = "PUT";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.Headers["St2-Api-Key"] = ApiKey;

        var result = (ContentResult)await provider.GetRequiredService<ApiFunctions>().KeysAsync(context.Request, "app.no.key", CancellationToken.None);

        Assert.Equal(400, result.StatusCode);
        Assert.Contains("encryption key", result.Content, StringComparison.Ordinal);
    }
}
