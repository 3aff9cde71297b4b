using System.Threading.Channels;
using DurableTask.Core;

namespace ServerlessFlow.Cli.Durable;

/// <summary>
/// Extended sessions for the gRPC sidecar's orchestration dispatcher, which (unlike DurableTask.Core's)
/// ends every work item after one episode: a released work item that carries a backend session is
/// kept open instead, its next messages are awaited through the session, and the work item is handed
/// back to the dispatcher's next fetch with its history still in memory. The Azure Storage backend
/// then skips the history-table query that otherwise starts every episode.
/// </summary>
/// <remarks>
/// This mirrors DurableTask.Core's <c>TaskOrchestrationDispatcher.OnProcessWorkItemSessionAsync</c>:
/// new messages come from <see cref="IOrchestrationSession.FetchNewOrchestrationMessagesAsync"/>
/// (null after the backend's idle timeout or at shutdown, and the work item is then released for real),
/// the previous episode's new events become past events first, and a work item that was abandoned or whose
/// orchestration finished is released at once. The checkpoint (history append with its ETag, instance
/// row, outbound messages, message deletion) is unchanged, so replay safety does not depend on the
/// cached history: a lost process loses only the cache. At most <c>maxSessions</c> sessions are kept.
/// </remarks>
internal sealed class ExtendedSessionKeeper(IOrchestrationService service, int maxSessions)
{
    private readonly Channel<TaskOrchestrationWorkItem> resumed = Channel.CreateUnbounded<TaskOrchestrationWorkItem>();
    private readonly HashSet<TaskOrchestrationWorkItem> abandoned = new(ReferenceEqualityComparer.Instance);
    private Task<TaskOrchestrationWorkItem>? pendingLock;
    private Task<bool>? keptWait;
    private int keptSessions;

    /// <summary>Sessions currently kept open (waiting for messages or waiting to be fetched again).</summary>
    public int KeptSessions => Volatile.Read(ref keptSessions);

    /// <summary>
    /// The next work item: a kept session whose messages arrived, or else the backend's next one.
    /// The dispatcher fetches from one loop, so at most one backend fetch is outstanding; when a kept
    /// session wins the race, that fetch stays pending for the next call.
    /// </summary>
    public async Task<TaskOrchestrationWorkItem?> LockNextAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (resumed.Reader.TryRead(out TaskOrchestrationWorkItem? kept))
            {
                Interlocked.Decrement(ref keptSessions);
                return kept;
            }

            pendingLock ??= service.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
            keptWait ??= resumed.Reader.WaitToReadAsync(cancellationToken).AsTask();
            Task first = await Task.WhenAny(pendingLock, keptWait).ConfigureAwait(false);
            if (first == pendingLock)
            {
                Task<TaskOrchestrationWorkItem> fetched = pendingLock;
                pendingLock = null;
                return await fetched.ConfigureAwait(false);
            }

            // A kept session is ready (or the wait was canceled, which awaiting it reports).
            Task<bool> ready = keptWait;
            keptWait = null;
            await ready.ConfigureAwait(false);
        }
    }

    /// <summary>Notes that the dispatcher abandoned the work item: its release must end the session.</summary>
    public void MarkAbandoned(TaskOrchestrationWorkItem workItem)
    {
        lock (abandoned)
        {
            abandoned.Add(workItem);
        }
    }

    /// <summary>Keeps the work item's session open when it has one and may continue; otherwise releases it.</summary>
    public Task ReleaseAsync(TaskOrchestrationWorkItem workItem)
    {
        bool wasAbandoned;
        lock (abandoned)
        {
            wasAbandoned = abandoned.Remove(workItem);
        }

        if (wasAbandoned || workItem.Session is null || IsFinished(workItem))
        {
            return service.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }

        if (Interlocked.Increment(ref keptSessions) > maxSessions)
        {
            Interlocked.Decrement(ref keptSessions);
            return service.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }

        _ = WaitForMessagesAsync(workItem);
        return Task.CompletedTask;
    }

    private async Task WaitForMessagesAsync(TaskOrchestrationWorkItem workItem)
    {
        IList<TaskMessage>? messages = null;
        try
        {
            messages = await workItem.Session.FetchNewOrchestrationMessagesAsync(workItem).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Nobody awaits this task: any failure (shutdown, an aborted session) ends the session below.
        catch (Exception)
#pragma warning restore CA1031
        {
            messages = null;
        }

        if (messages is not { Count: > 0 })
        {
            Interlocked.Decrement(ref keptSessions);
            try
            {
                await workItem.Session.EndSessionAsync().ConfigureAwait(false);
                await service.ReleaseTaskOrchestrationWorkItemAsync(workItem).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                // The backend is stopping; its messages become visible again after their lock expires.
            }

            return;
        }

        // The events the last episode added are history now, as if reloaded from the history table
        // (the sidecar sends the worker PastEvents + NewEvents; DurableTask.Core only clears NewEvents).
        OrchestrationRuntimeState state = workItem.OrchestrationRuntimeState;
        foreach (var historyEvent in state.NewEvents)
        {
            state.PastEvents.Add(historyEvent);
        }

        state.NewEvents.Clear();
        workItem.NewMessages = messages;
        workItem.IsExtendedSession = true;
        resumed.Writer.TryWrite(workItem);
    }

    private static bool IsFinished(TaskOrchestrationWorkItem workItem) =>
        workItem.OrchestrationRuntimeState?.OrchestrationStatus is not OrchestrationStatus.Running and not OrchestrationStatus.Pending and not OrchestrationStatus.Suspended;
}
