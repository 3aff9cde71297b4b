using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Benchmarks;

/// <summary>Cost of one Orquesta transition (next tasks, task running, task succeeded with a
/// publish) in sequential workflows of 10, 100 and 1000 tasks, and of a with-items task over 1000
/// and 2000 items. Reported per transition (per item for with-items).</summary>
[MemoryDiagnoser]
public class OrquestaConductorBenchmarks
{
    private WorkflowSpec _sequential10 = null!;
    private WorkflowSpec _sequential100 = null!;
    private WorkflowSpec _sequential1000 = null!;
    private WorkflowSpec _items = null!;
    private readonly IWorkflowExpressionEvaluator _expressions = EngineExpressionEvaluator.Default;

    [GlobalSetup]
    public void Setup()
    {
        _sequential10 = WorkflowSpec.Parse(Sequential(10));
        _sequential100 = WorkflowSpec.Parse(Sequential(100));
        _sequential1000 = WorkflowSpec.Parse(Sequential(1000));
        _items = WorkflowSpec.Parse("""
            version: 1.0
            input:
              - xs
            tasks:
              task1:
                with: x in <% ctx().xs %>
                action: core.echo message=<% item(x) %>
                next:
                  - when: <% succeeded() %>
                    publish: count=<% len(result()) %>
            output:
              - count: <% ctx().count %>
            """);
    }

    /// <summary>A workflow of <paramref name="count"/> tasks in a row, each publishing its result.</summary>
    public static string Sequential(int count)
    {
        var text = new StringBuilder("version: 1.0\nvars:\n  - last: null\ntasks:\n");
        for (var i = 1; i <= count; i++)
        {
            var name = "task" + i.ToString(CultureInfo.InvariantCulture);
            text.Append("  ").Append(name).Append(":\n    action: core.echo message=<% ctx().last %>\n");
            text.Append("    next:\n      - when: <% succeeded() %>\n        publish: last=<% result() %>\n");
            if (i < count)
            {
                text.Append("        do: task").Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        text.Append("output:\n  - last: <% ctx().last %>\n");
        return text.ToString();
    }

    private string RunSequential(WorkflowSpec spec)
    {
        var conductor = new WorkflowConductor(spec, _expressions);
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        var next = conductor.GetNextTasks();
        while (next.Count > 0)
        {
            foreach (var task in next)
            {
                conductor.UpdateTaskState(task.Id, task.Route, new ExecutionEvent(WorkflowStatuses.Running));
                conductor.UpdateTaskState(task.Id, task.Route, new ExecutionEvent(WorkflowStatuses.Succeeded, task.Id));
            }

            next = conductor.GetNextTasks();
        }

        conductor.RenderWorkflowOutput();
        return conductor.Status;
    }

    private string RunItems(int count)
    {
        var xs = Enumerable.Range(0, count).Select(i => (object?)(long)i).ToList();
        var conductor = new WorkflowConductor(_items, _expressions, new Dictionary<string, object?> { ["xs"] = xs });
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        var task = conductor.GetNextTasks()[0];
        var results = new List<object?>(new object?[count]);
        conductor.UpdateTaskState(task.Id, task.Route, new ExecutionEvent(WorkflowStatuses.Running));
        foreach (var action in task.Actions)
        {
            conductor.UpdateTaskState(task.Id, task.Route, new TaskItemExecutionEvent(action.ItemId!.Value, WorkflowStatuses.Running));
        }

        foreach (var action in task.Actions)
        {
            results[action.ItemId!.Value] = action.Input;
            conductor.UpdateTaskState(task.Id, task.Route, new TaskItemExecutionEvent(action.ItemId!.Value, WorkflowStatuses.Succeeded, action.Input, results));
        }

        conductor.RenderWorkflowOutput();
        return conductor.Status;
    }

    [Benchmark(OperationsPerInvoke = 10)]
    public string Sequential10PerTransition() => RunSequential(_sequential10);

    [Benchmark(OperationsPerInvoke = 100)]
    public string Sequential100PerTransition() => RunSequential(_sequential100);

    [Benchmark(OperationsPerInvoke = 1000)]
    public string Sequential1000PerTransition() => RunSequential(_sequential1000);

    [Benchmark]
    public string WithItems1000Total() => RunItems(1000);

    [Benchmark]
    public string WithItems2000Total() => RunItems(2000);
}
