using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Orquesta.Graphs;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Core.Workflows;
using ServerlessFlow.Runtime.Durable;

namespace ServerlessFlow.Runtime.Api;

/// <summary>
/// <c>/api/v1/workflows</c>, a ServerlessFlow endpoint (StackStorm has no API for it): <c>GET graph/{action_ref}</c> gives the
/// workflow graph of an Orquesta action as orquesta's composer builds it — tasks (action, join, with-items, retry, delay,
/// engine commands such as <c>fail</c>) and transitions with their <c>when</c> condition and <c>publish</c> — or of an
/// ActionChain (its nodes as tasks, <c>on-success</c> / <c>on-failure</c> as transitions), so that a client (the web
/// console) can draw it and colour it with the task executions of a run.
/// </summary>
public sealed class WorkflowsApi : IApiResource
{
    private readonly PackCatalog catalog;
    private readonly WorkflowDefinitions definitions;

    /// <summary>Creates the resource over the loaded packs and their parsed workflow definitions.</summary>
    public WorkflowsApi(PackCatalog catalog, WorkflowDefinitions definitions)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(definitions);
        this.catalog = catalog;
        this.definitions = definitions;
    }

    /// <inheritdoc/>
    public string Name => "workflows";

    /// <inheritdoc/>
    public Task<ApiResult> HandleAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.Segments;
        return Task.FromResult((segments.Count, request.Method) switch
        {
            (2, "GET") when segments[0] == "graph" => Graph(segments[1]),
            (2, _) when segments[0] == "graph" => ApiRoutes.MethodNotAllowed(Name, request, "GET"),
            _ => ApiRoutes.NotFound(Name, request),
        });
    }

    /// <summary>The graph of one workflow as a plain value: <c>{"action", "runner_type", "input", "output", "tasks": [{"name",
    /// "action", "start", "join", "with_items", "concurrency", "retry", "delay", "engine_command"}], "transitions": [{"from",
    /// "to", "when", "publish", "index"}]}</c>.</summary>
    public static Dictionary<string, object?> ToPlain(string actionRef, WorkflowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var graph = WorkflowGraph.For(spec);
        var starts = spec.GetStartTasks().ToHashSet(StringComparer.Ordinal);
        var tasks = new List<object?>();
        var transitions = new List<object?>();
        foreach (var name in graph.Tasks)
        {
            var task = spec.Tasks.GetValueOrDefault(name);
            var retry = graph.GetRetry(name);
            tasks.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = name,
                ["action"] = task?.Action,
                ["start"] = starts.Contains(name),
                ["join"] = graph.GetBarrier(name) switch
                {
                    null => null,
                    "*" => "all",
                    var count => count,
                },
                ["with_items"] = task?.With?.Items,
                ["concurrency"] = task?.With?.Concurrency,
                ["retry"] = retry is null ? null : new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["when"] = retry.When,
                    ["count"] = retry.Count,
                    ["delay"] = retry.Delay,
                },
                ["delay"] = task?.Delay,
                ["engine_command"] = EngineCommands.IsCommand(name) && task is null,
            });
            foreach (var edge in graph.GetNextTransitions(name))
            {
                var next = task is not null && edge.Ref < task.Next.Count ? task.Next[edge.Ref] : null;
                transitions.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["from"] = edge.Source,
                    ["to"] = edge.Destination,
                    ["when"] = edge.Criteria.Count > 0 ? edge.Criteria[0] : null,
                    ["publish"] = next?.Publish.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [p.Key] = PlainValues.DeepClone(p.Value) }).ToList() ?? [],
                    ["index"] = edge.Ref,
                });
            }
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action"] = actionRef,
            ["runner_type"] = "orquesta",
            ["input"] = spec.Input.Select(p => (object?)p.Name).ToList(),
            ["output"] = spec.Output.Select(p => (object?)p.Name).ToList(),
            ["tasks"] = tasks,
            ["transitions"] = transitions,
        };
    }

    /// <summary>The graph of one ActionChain in the same shape as <see cref="ToPlain(string, WorkflowSpec)"/>: every node a task
    /// (the default node the start), each <c>on-success</c> / <c>on-failure</c> naming a node a transition whose <c>when</c> is
    /// that word. A transition whose target is not a node of the chain (a template, resolved only when the chain runs) is left
    /// out of the edges and named in the node's <c>next_templates</c>.</summary>
    public static Dictionary<string, object?> ToPlain(string actionRef, ActionChainSpec chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var tasks = new List<object?>();
        var transitions = new List<object?>();
        foreach (var node in chain.Chain)
        {
            var templates = new List<object?>();
            foreach (var (when, target, index) in new[] { ("on-success", node.OnSuccess, 0), ("on-failure", node.OnFailure, 1) })
            {
                if (string.IsNullOrEmpty(target))
                {
                    continue;
                }

                if (chain.FindNode(target) is null)
                {
                    templates.Add($"{when}: {target}");
                    continue;
                }

                transitions.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["from"] = node.Name,
                    ["to"] = target,
                    ["when"] = when,
                    ["publish"] = when == "on-success" && node.Publish is { } publish
                        ? publish.Select(p => (object?)new Dictionary<string, object?>(StringComparer.Ordinal) { [p.Key] = PlainValues.DeepClone(p.Value) }).ToList()
                        : new List<object?>(),
                    ["index"] = index,
                });
            }

            tasks.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["name"] = node.Name,
                ["action"] = node.Ref,
                ["start"] = node.Name == chain.Default,
                ["join"] = null,
                ["with_items"] = null,
                ["concurrency"] = null,
                ["retry"] = null,
                ["delay"] = null,
                ["engine_command"] = false,
                ["next_templates"] = templates,
            });
        }

        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["action"] = actionRef,
            ["runner_type"] = WorkflowRunnerTypes.ActionChain,
            ["input"] = new List<object?>(),
            ["output"] = new List<object?>(),
            ["tasks"] = tasks,
            ["transitions"] = transitions,
        };
    }

    private ApiResult Graph(string actionRef)
    {
        if (catalog.FindAction(actionRef) is not { } action)
        {
            return ApiResult.Fault(404, $"Action {actionRef} is not in any loaded pack.");
        }

        if (action.RunnerType == WorkflowRunnerTypes.ActionChain)
        {
            return definitions.TryGetChain(actionRef, out var chain)
                ? ApiResult.Json(ToPlain(actionRef, chain))
                : ApiResult.Fault(422, definitions.WhyNoChain(actionRef));
        }

        if (action.RunnerType != WorkflowRunnerTypes.Orquesta)
        {
            return ApiResult.Fault(400, $"Action {actionRef} runs on the {action.RunnerType} runner, not orquesta or action-chain: it has no workflow graph.");
        }

        if (!definitions.TryGet(actionRef, out var spec))
        {
            return ApiResult.Fault(422, definitions.Errors.GetValueOrDefault(actionRef) ?? $"Workflow {actionRef} could not be loaded.");
        }

        return ApiResult.Json(ToPlain(actionRef, spec));
    }
}
