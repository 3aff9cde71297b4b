using System.Text.Json.Nodes;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Logging.Abstractions;
using ServerlessFlow.Cli.Durable;
using ServerlessFlow.Cli.Hosting;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Composition;
using ServerlessFlow.Runtime.Durable;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Triggers;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>
/// Golden Durable histories (tests/TestData/golden-histories), replayed against today's orchestrator, as Temporal's SDK
/// replays recorded histories: a change to <see cref="WorkflowOrchestrator"/>, the stepper or the engines that would make
/// a workflow in flight on Azure (its history recorded by an older build) schedule something else on replay fails here.
/// The histories were recorded once on the local engine with the Azure hosts' inline limit; re-record them only on
/// purpose (a deliberate, documented break of in-flight orchestrations):
/// <c>SFLOW_RECORD_GOLDEN_HISTORIES=1 dotnet test tests/ServerlessFlow.Cli.Tests --filter GoldenHistoryTests</c>.
/// </summary>
public sealed class GoldenHistoryTests
{
    private const string RecordVariable = "SFLOW_RECORD_GOLDEN_HISTORIES";

    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(120);

    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "tests", "TestData", "golden-histories");

    private static readonly Lazy<PackCatalog> Packs = new(() =>
    {
        var (sources, problems) = PackFolders.Find([Path.Combine(RepositoryPaths.Root, "packs", "core"), Path.Combine(Folder, "pack")]);
        Assert.Empty(problems);
        return PackCatalog.Create(sources.Select(s => PackLoader.Load(s)).ToList());
    });

    /// <summary>One run per kind of orchestration step: activities, a durable timer, parallel branches and a join,
    /// with-items, an inquiry (external event), a sub-orchestration, an ActionChain.</summary>
    private static readonly string[] Names = ["sequence", "parallel_join", "with_items", "inquiry", "subworkflow", "chain"];

    /// <summary>The golden workflows, by name in the golden pack.</summary>
    public static TheoryData<string> Workflows => new(Names);

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Replay_GoldenHistory_TodaysOrchestratorMakesTheSameDecisions(string name)
    {
        string path = FixturePath(name);
        Assert.True(File.Exists(path), $"{path} is missing: record it ({RecordVariable}=1, see {nameof(GoldenHistoryTests)}).");
        GoldenHistory golden = GoldenHistory.Read(path);
        ServerlessFlowRuntime runtime = Compose();

        foreach (GoldenInstance instance in golden.Instances)
        {
            IReadOnlyList<OrchestratorAction> actions = Replay(runtime, instance.Events);

            // Everything the history holds is matched and consumed; only the completion is left (a decision the recording
            // did not make would be left over here, and one it made that today's code does not make fails the replay).
            var completion = Assert.IsType<OrchestrationCompleteOrchestratorAction>(Assert.Single(actions));
            string? recordedResult = instance.Events.OfType<ExecutionCompletedEvent>().Single().Result;

            Assert.True(
                completion.OrchestrationStatus == OrchestrationStatus.Completed,
                $"{name}, instance {instance.InstanceId}: replay ended {completion.OrchestrationStatus}: {completion.FailureDetails?.ErrorMessage ?? completion.Result}");
            Assert.True(
                Contains(JsonNode.Parse(completion.Result ?? "null"), JsonNode.Parse(recordedResult ?? "null")),
                $"{name}, instance {instance.InstanceId}: replay returned {completion.Result}, the recording {recordedResult}");
        }
    }

    [Fact]
    public void Replay_HistoryWhoseActivityTodaysCodeWouldNotSchedule_FailsAsNonDeterministic()
    {
        GoldenHistory golden = GoldenHistory.Read(FixturePath("sequence"));
        var events = golden.Instances[0].Events.ToList();
        int first = events.FindIndex(e => e is TaskScheduledEvent);
        var scheduled = (TaskScheduledEvent)events[first];
        events[first] = new TaskScheduledEvent(scheduled.EventId) { Name = "AnActivityThatIsGone", Version = string.Empty, Input = scheduled.Input };

        OrchestrationCompleteOrchestratorAction completion = Replay(Compose(), events).OfType<OrchestrationCompleteOrchestratorAction>().Single();

        Assert.Equal(OrchestrationStatus.Failed, completion.OrchestrationStatus);
        Assert.Contains("AnActivityThatIsGone", completion.FailureDetails?.ErrorMessage ?? string.Empty, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Record_EveryGoldenWorkflow_WritesItsHistory()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable(RecordVariable) == "1", $"re-records the golden Durable histories only when {RecordVariable}=1 (on purpose: it accepts today's histories as the new baseline)");
        var engine = new LocalDurableEngineOptions { Backend = DurableBackendKind.InMemory, LoggerFactory = NullLoggerFactory.Instance };
        await using LocalWorkflowHost host = await LocalWorkflowHost.StartAsync(Compose(), engine);
        using var cts = new CancellationTokenSource(HangGuard);

        foreach (string name in Names)
        {
            string executionId = "golden-" + name.Replace('_', '-');
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (name == "inquiry")
            {
                await RunInquiryAsync(host, executionId, cts.Token);
            }
            else
            {
                ExecutionState execution = await host.RunAsync("golden." + name, parameters, executionId, cts.Token);
                Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
            }

            var instances = new List<GoldenInstance>();
            await CollectAsync(host, DurableIds.InstanceFor(executionId), instances);
            new GoldenHistory("golden." + name, parameters, instances).Write(FixturePath(name));
        }
    }

    // The completion carries every field the recording's did, with the same value; fields added since (a top-level
    // workflow's final engine state, kept for re_run) are allowed: an orchestration result may grow, not change.
    private static bool Contains(JsonNode? replayed, JsonNode? recorded) =>
        recorded is JsonObject recordedObject && replayed is JsonObject replayedObject
            ? recordedObject.All(p => replayedObject.TryGetPropertyValue(p.Key, out var value) && JsonNode.DeepEquals(value, p.Value))
            : JsonNode.DeepEquals(replayed, recorded);

    private static string FixturePath(string name) => Path.Combine(Folder, name + ".json");

    /// <summary>The runtime as the Azure hosts compose it (their inline limit: what in-flight histories there hold).</summary>
    private static ServerlessFlowRuntime Compose() =>
        LocalRuntime.Create(
            Packs.Value,
            Core.Rules.Matching.RuleSet.FromCatalog(Packs.Value).Rules,
            RuntimeStores.InMemory(),
            new InMemoryTriggerBus(),
            TimeProvider.System,
            datastoreCipher: null,
            apiKey: null,
            RunCommand.DefaultUrl,
            NullLoggerFactory.Instance,
            DurableBackendKind.AzureStorage,
            python: null);

    /// <summary>Replays a whole history through the SDK's shim on DurableTask.Core's executor, as a worker does: the
    /// actions the orchestrator took that the history does not already hold.</summary>
    private static IReadOnlyList<OrchestratorAction> Replay(ServerlessFlowRuntime runtime, IReadOnlyList<HistoryEvent> events)
    {
        var state = new OrchestrationRuntimeState(events.ToList());
        TaskOrchestration shim = DurableTaskShimFactory.Default.CreateOrchestration(DurableNames.WorkflowOrchestrator, runtime.Orchestrator);
        var executor = new TaskOrchestrationExecutor(state, shim, BehaviorOnContinueAsNew.Carryover, ErrorPropagationMode.UseFailureDetails);
        return executor.Execute().Actions.ToList();
    }

    private static async Task RunInquiryAsync(LocalWorkflowHost host, string executionId, CancellationToken cancellationToken)
    {
        ActionSpec action = host.Catalog.FindAction("golden.inquiry")!;
        PackSpec pack = host.Catalog.FindPack(action.Pack)!;
        await host.Actions.RunAsync(action, [], Path.Combine(pack.Location, "actions"), executionId: executionId, cancellationToken: cancellationToken);
        while ((await host.Executions.GetAsync(executionId, cancellationToken))?.Status != ExecutionStatus.Paused)
        {
            await Task.Delay(10, cancellationToken);
        }

        string askId = DurableIds.ForTask(executionId, new TaskKey("ask", 0), 0);
        await host.Connection.Control.RespondAsync(askId, new() { ["approved"] = true }, "stanley", cancellationToken);
        WorkflowOrchestrationResult result = await host.Workflows.WaitAsync(executionId, cancellationToken);
        Assert.Equal("succeeded", result.Status);
    }

    /// <summary>The instance's history and those of the sub-orchestrations it created, depth first.</summary>
    private static async Task CollectAsync(LocalWorkflowHost host, string instanceId, List<GoldenInstance> into)
    {
        OrchestrationState state = await host.TaskHub.GetOrchestrationStateAsync(instanceId)
            ?? throw new InvalidOperationException($"Instance {instanceId} is not in the task hub.");
        string json = await host.TaskHub.GetOrchestrationHistoryAsync(state.OrchestrationInstance);
        List<HistoryEvent> events = DurableTask.Core.Serializing.JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(json);
        into.Add(new GoldenInstance(instanceId, events));
        foreach (SubOrchestrationInstanceCreatedEvent child in events.OfType<SubOrchestrationInstanceCreatedEvent>())
        {
            await CollectAsync(host, child.InstanceId, into);
        }
    }
}
