using System.Globalization;
using System.Text;
using ServerlessFlow.Core.Aliases;
using ServerlessFlow.Runtime.Aliases;
using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Executions;

namespace ServerlessFlow.Runtime.ChatOps;

/// <summary>
/// The transport-free half of ChatOps: runs one chat command through its action alias (<see cref="AliasExecutionService"/>)
/// and answers in the conversation — the alias's <c>ack</c> (or ours) at once, then, when the execution has completed, its
/// <c>result</c> format (<see cref="AliasExecutionService.RenderResult"/>), each with the execution's link to the web console.
/// <c>help</c> (or nothing) lists the commands; an unknown or ambiguous command is answered with st2's reason and the list.
/// Slack and Teams endpoints verify their requests, answer the chat service at once and call <see cref="RunAsync"/> in the
/// background.
/// </summary>
public sealed class ChatHandler
{
    private readonly AliasExecutionService aliases;
    private readonly Func<string, CancellationToken, Task<ExecutionState?>> readExecution;
    private readonly TimeProvider time;

    /// <summary>Creates the handler over the alias use case and a way to read an execution back (to see it complete).</summary>
    public ChatHandler(AliasExecutionService aliases, Func<string, CancellationToken, Task<ExecutionState?>> readExecution, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(aliases);
        ArgumentNullException.ThrowIfNull(readExecution);
        ArgumentNullException.ThrowIfNull(time);
        this.aliases = aliases;
        this.readExecution = readExecution;
        this.time = time;
    }

    /// <summary>How often a running execution is read back while the chat waits for its result.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the chat waits for a result before saying where to look instead.</summary>
    public TimeSpan ResultWait { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Runs <paramref name="command"/> and posts every answer through <paramref name="replier"/>:
    /// <see cref="StartAsync"/> then <see cref="AnswerAsync"/>.</summary>
    public async Task RunAsync(ChatCommand command, IChatReplier replier, CancellationToken cancellationToken = default)
    {
        var run = await StartAsync(command, cancellationToken).ConfigureAwait(false);
        await AnswerAsync(run, replier, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What can be done while the chat service waits for its acknowledgement: match the command, store and start
    /// its executions (so nothing depends on the request's own lifetime afterwards, e.g. a Functions invocation's Durable
    /// client), and say what to post at once. Never throws for what the chat typed (that becomes the answer).</summary>
    public async Task<ChatRun> StartAsync(ChatCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = command.Text.Trim();
        if (text.Length == 0 || text.Equals("help", StringComparison.OrdinalIgnoreCase))
        {
            return new ChatRun(command, [HelpText(null)], []);
        }

        IReadOnlyList<AliasExecutionResult> started;
        try
        {
            started = await aliases.ExecuteAsync(
                new AliasExecutionRequest
                {
                    Command = text,
                    User = command.User,
                    SourceChannel = command.Channel is { Length: > 0 } channel ? $"{command.Source}:{channel}" : command.Source,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AliasAmbiguityException ex)
        {
            return new ChatRun(command, [HelpText(ex.Message)], []);
        }
        catch (AliasExecutionException ex)
        {
            return new ChatRun(command, [$"Sorry, I could not run that: {ex.Message}"], []);
        }

        var acks = started.Select(r => WithLink(r.Message ?? $"Running {r.Alias.ActionRef} (execution {r.Execution.Id}).", command, r.Execution.Id)).ToList();
        return new ChatRun(command, acks, started);
    }

    /// <summary>Posts <paramref name="run"/>'s messages, waits for each execution it started to complete and posts its result
    /// (the alias's <c>result</c> format, or ours).</summary>
    public async Task AnswerAsync(ChatRun run, IChatReplier replier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(replier);
        foreach (var message in run.Messages)
        {
            await replier.PostAsync(message, cancellationToken).ConfigureAwait(false);
        }

        foreach (var result in run.Started)
        {
            var done = await WaitAsync(result.Execution.Id, cancellationToken).ConfigureAwait(false);
            if (done is null)
            {
                await replier.PostAsync(
                    WithLink($"Execution {result.Execution.Id} has not completed after {ResultWait.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes; I stop waiting for it.", run.Command, result.Execution.Id),
                    cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (message, _) = aliases.RenderResult(result.Alias, done);
            if (message is not null)
            {
                await replier.PostAsync(WithLink(message, run.Command, done.Id), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The commands the chat knows (st2's help strings), after <paramref name="reason"/> when there is one.</summary>
    public string HelpText(string? reason)
    {
        var help = aliases.Help();
        var text = new StringBuilder();
        if (reason is not null)
        {
            text.Append(reason).Append(". ");
        }

        text.Append(help.HelpStrings.Count == 0 ? "No commands are available." : "Commands I know:");
        foreach (var entry in help.HelpStrings)
        {
            text.Append("\n!").Append(entry.Display);
            if (!string.IsNullOrWhiteSpace(entry.Description))
            {
                text.Append(" - ").Append(entry.Description);
            }
        }

        return text.ToString();
    }

    private async Task<ExecutionState?> WaitAsync(string id, CancellationToken ct)
    {
        var until = time.GetUtcNow() + ResultWait;
        while (true)
        {
            if (await readExecution(id, ct).ConfigureAwait(false) is { } execution && execution.Status.IsCompleted())
            {
                return execution;
            }

            if (time.GetUtcNow() >= until)
            {
                return null;
            }

            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
        }
    }

    private static string WithLink(string message, ChatCommand command, string executionId) =>
        command.ConsoleUrl is { } console ? message.TrimEnd() + "\n" + ExecutionsApi.WebUrl(console, executionId) : message;
}
