using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.Policies;

/// <summary>
/// StackStorm's action policies (<c>st2actions/policies</c>) at the point where an execution is scheduled: the
/// <c>action.concurrency</c> and <c>action.concurrency.attr</c> policies of an action decide whether a requested execution
/// is scheduled, <c>delayed</c> or canceled (st2's <c>apply_before</c>), and its <c>action.retry</c> policies whether an
/// execution that failed or timed out is run again (st2's <c>apply_after</c>). Where st2 counts the action's scheduled and
/// running executions under a distributed lock, an execution here takes one of the policy's <c>threshold</c> places in the
/// shared <see cref="IConcurrencySlotStore"/> (a place whose holder has ended is taken over), so the limit holds across
/// engine instances; the place is given back when the execution completes.
/// </summary>
public sealed class ActionPolicies
{
    /// <summary>StackStorm's policy type refs.</summary>
    public const string Concurrency = "action.concurrency";

    /// <summary>Concurrency per attribute values.</summary>
    public const string ConcurrencyByAttribute = "action.concurrency.attr";

    /// <summary>Retry on failure or timeout.</summary>
    public const string Retry = "action.retry";

    /// <summary>How long a delayed execution waits before it is tried again: st2's scheduler's
    /// <c>POLICY_DELAYED_EXECUTION_RESCHEDULE_TIME_MS</c>.</summary>
    public static readonly TimeSpan St2DelayedRecheck = TimeSpan.FromMilliseconds(2500);

    private readonly Func<string, IReadOnlyList<PolicySpec>> policiesFor;
    private readonly IConcurrencySlotStore slots;
    private readonly IExecutionStore executions;

    /// <summary>Creates the policies over the loaded packs' policies by action ref, the shared slots, the execution store
    /// (to tell whether a slot's holder has ended) and the wait between two tries of a delayed execution (st2's 2.5 s by
    /// default).</summary>
    public ActionPolicies(Func<string, IReadOnlyList<PolicySpec>> policiesFor, IConcurrencySlotStore slots, IExecutionStore executions, TimeSpan? delayedRecheck = null)
    {
        ArgumentNullException.ThrowIfNull(policiesFor);
        ArgumentNullException.ThrowIfNull(slots);
        ArgumentNullException.ThrowIfNull(executions);
        this.policiesFor = policiesFor;
        this.slots = slots;
        this.executions = executions;
        DelayedRecheck = delayedRecheck ?? St2DelayedRecheck;
    }

    /// <summary>How long a delayed execution waits before it is tried again.</summary>
    public TimeSpan DelayedRecheck { get; }

    /// <summary>
    /// st2's <c>apply_pre_run_policies</c> for a requested (or delayed) execution: takes a place in each enabled concurrency
    /// policy of its action, in the policies' order. When one is full, the places taken in this try are given back and the
    /// first full policy's <c>action</c> decides (<c>delay</c> or <c>cancel</c>). An execution that already holds a place
    /// (a redelivered request) keeps it.
    /// </summary>
    public async Task<ConcurrencyDecision> ApplyBeforeAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var taken = new List<string>();
        foreach (PolicySpec policy in ConcurrencyPolicies(execution.Action))
        {
            string key = SlotKey(policy, execution);
            if (await TryTakeAsync(key, Threshold(policy), execution.Id, cancellationToken).ConfigureAwait(false))
            {
                taken.Add(key);
                continue;
            }

            foreach (string held in taken)
            {
                await slots.ReleaseAsync(held, execution.Id, cancellationToken).ConfigureAwait(false);
            }

            return string.Equals(policy.Parameters.GetValueOrDefault("action") as string, "cancel", StringComparison.Ordinal)
                ? ConcurrencyDecision.Cancel
                : ConcurrencyDecision.Delay;
        }

        return ConcurrencyDecision.Schedule;
    }

    /// <summary>Gives back the places <paramref name="execution"/> holds (when it completes, or was canceled before it ran).</summary>
    public async Task ReleaseAsync(ExecutionState execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        foreach (PolicySpec policy in ConcurrencyPolicies(execution.Action))
        {
            await slots.ReleaseAsync(SlotKey(policy, execution), execution.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// st2's retry applicator for an ended execution: the first enabled <c>action.retry</c> policy of its action whose
    /// <c>retry_on</c> matches its status (<c>failure</c>: failed; <c>timeout</c>: timeout) while fewer than
    /// <c>max_retry_count</c> retries were made, and never for a task of a workflow (st2: "use workflow specific retry").
    /// Null when nothing is to be retried.
    /// </summary>
    public RetryPlan? RetryAfter(ExecutionState execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.Context.ParentExecutionId is not null || execution.Status is not (ExecutionStatus.Failed or ExecutionStatus.Timeout))
        {
            return null;
        }

        int retried = execution.Context.Retry?.RetryCount ?? 0;
        foreach (PolicySpec policy in policiesFor(execution.Action).Where(p => p.Enabled && p.PolicyType == Retry))
        {
            string? on = policy.Parameters.GetValueOrDefault("retry_on") as string;
            bool matches = (on == "failure" && execution.Status == ExecutionStatus.Failed) || (on == "timeout" && execution.Status == ExecutionStatus.Timeout);
            if (!matches || retried + 1 > Integer(policy.Parameters.GetValueOrDefault("max_retry_count"), 2))
            {
                continue;
            }

            double seconds = policy.Parameters.GetValueOrDefault("delay") switch
            {
                long n => n,
                int n => n,
                double d => d,
                _ => 0,
            };
            return new RetryPlan(policy.Ref, retried + 1, TimeSpan.FromSeconds(Math.Max(0, seconds)));
        }

        return null;
    }

    private IEnumerable<PolicySpec> ConcurrencyPolicies(string actionRef) =>
        policiesFor(actionRef).Where(p => p.Enabled && p.PolicyType is Concurrency or ConcurrencyByAttribute);

    private async Task<bool> TryTakeAsync(string key, int threshold, string executionId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ConcurrencySlot> held = await slots.ListAsync(key, cancellationToken).ConfigureAwait(false);
        if (held.Any(s => s.HolderExecutionId == executionId && s.Index < threshold))
        {
            return true;
        }

        var byIndex = held.ToDictionary(s => s.Index);
        for (int index = 0; index < threshold; index++)
        {
            if (!byIndex.TryGetValue(index, out ConcurrencySlot? slot))
            {
                if (await slots.TryTakeAsync(key, index, executionId, expectedVersion: null, cancellationToken).ConfigureAwait(false))
                {
                    return true;
                }

                continue;
            }

            // A holder that has ended (or whose record is gone) left its place behind: a process stopped between the end and
            // the release. The place is taken over only if nobody changed it since it was read.
            ExecutionState? holder = await executions.GetAsync(slot.HolderExecutionId, cancellationToken).ConfigureAwait(false);
            if ((holder is null || holder.Status.IsCompleted())
                && await slots.TryTakeAsync(key, index, executionId, slot.Version, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static int Threshold(PolicySpec policy) => Integer(policy.Parameters.GetValueOrDefault("threshold"), 0);

    private static int Integer(object? value, int fallback) => value switch
    {
        long n => (int)Math.Clamp(n, 0, int.MaxValue),
        int n => n,
        _ => fallback,
    };

    /// <summary>
    /// The policy's ref; for <c>action.concurrency.attr</c> also the execution's values of the policy's attributes (st2
    /// counts executions of the action whose parameters have the same values). An attribute the execution was not given
    /// counts as its own value ("not given"), where st2 would leave it out of its count's filter.
    /// </summary>
    private static string SlotKey(PolicySpec policy, ExecutionState execution)
    {
        if (policy.PolicyType != ConcurrencyByAttribute)
        {
            return policy.Ref;
        }

        var values = new SortedDictionary<string, object?>(StringComparer.Ordinal);
        foreach (string attribute in (policy.Parameters.GetValueOrDefault("attributes") as List<object?> ?? []).OfType<string>())
        {
            values[attribute] = execution.Parameters.TryGetValue(attribute, out object? value)
                ? new Dictionary<string, object?>(StringComparer.Ordinal) { ["value"] = value }
                : null;
        }

        string canonical = JsonText.Serialize(new Dictionary<string, object?>(values, StringComparer.Ordinal));
        string digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32].ToLower(CultureInfo.InvariantCulture);
        return policy.Ref + ":" + digest;
    }
}
