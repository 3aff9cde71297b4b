using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// The orchestrators and activities the local engine runs, by name: Durable Task SDK-style implementations
/// (<see cref="ITaskOrchestrator"/>, <see cref="ITaskActivity"/>, the same classes the Functions app runs), which
/// DurableTask.Core's <see cref="TaskHubWorker"/> runs through the SDK's shim (<see cref="DurableTaskShimFactory"/>).
/// </summary>
internal sealed class LocalDurableTasks
{
    private readonly DurableTaskShimFactory shims = DurableTaskShimFactory.Default;
    private readonly Dictionary<string, Func<TaskOrchestration>> orchestrations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<TaskActivity>> activities = new(StringComparer.Ordinal);

    /// <summary>Adds an orchestrator; one object serves every instance (it must keep no per-run state).</summary>
    public LocalDurableTasks AddOrchestrator(string name, ITaskOrchestrator orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        // A shim per execution: it holds that execution's context.
        orchestrations.Add(name, () => shims.CreateOrchestration(name, orchestrator));
        return this;
    }

    /// <summary>Adds an orchestrator written as a function.</summary>
    public LocalDurableTasks AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput?, Task<TOutput?>> orchestrator)
    {
        orchestrations.Add(name, () => shims.CreateOrchestration(name, orchestrator));
        return this;
    }

    /// <summary>Adds an activity; <paramref name="create"/> makes the object that runs one invocation.</summary>
    public LocalDurableTasks AddActivity(string name, Func<ITaskActivity> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        activities.Add(name, () => shims.CreateActivity(name, create()));
        return this;
    }

    /// <summary>Adds an activity written as a function.</summary>
    public LocalDurableTasks AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput?, Task<TOutput?>> activity)
    {
        activities.Add(name, () => shims.CreateActivity(name, activity));
        return this;
    }

    /// <summary>Adds a synchronous activity written as a function.</summary>
    public LocalDurableTasks AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput?, TOutput?> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(activity(context, input)));
    }

    /// <summary>Registers everything with <paramref name="worker"/>.</summary>
    public void AddTo(TaskHubWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        worker.AddTaskOrchestrations([.. orchestrations.Select(o => (ObjectCreator<TaskOrchestration>)new Creator<TaskOrchestration>(o.Key, o.Value))]);
        worker.AddTaskActivities([.. activities.Select(a => (ObjectCreator<TaskActivity>)new Creator<TaskActivity>(a.Key, a.Value))]);
    }

    /// <summary>Makes a new object for each work item, under the name (no version) the SDK schedules it by.</summary>
    private sealed class Creator<T> : ObjectCreator<T>
    {
        private readonly Func<T> create;

        public Creator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            this.create = create;
        }

        public override T Create() => create();
    }
}
