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

    /// <summary>Runs <paramref name="command"/> and posts every answer through <paramref name="replier"/>; never throws for
    /// what the chat typed (that is answered), only for cancellation or a replier that cannot post.</summary>
    public async Task RunAsync(ChatCommand command, IChatReplier replier, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(replier);
        var text = command.Text.Trim();
        if (text.Length == 0 || text.Equals("help", StringComparison.OrdinalIgnoreCase))
        {
            await replier.PostAsync(HelpText(null), cancellationToken).ConfigureAwait(false);
            return;
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
            await replier.PostAsync(HelpText(ex.Message), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (AliasExecutionException ex)
        {
            await replier.PostAsync($"Sorry, I could not run that: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var result in started)
        {
            var ack = result.Message ?? $"Running {result.Alias.ActionRef} (execution {result.Execution.Id}).";
            await replier.PostAsync(WithLink(ack, command, result.Execution.Id), cancellationToken).ConfigureAwait(false);
        }

        foreach (var result in started)
        {
            var done = await WaitAsync(result.Execution.Id, cancellationToken).ConfigureAwait(false);
            if (done is null)
            {
                await replier.PostAsync(
                    WithLink($"Execution {result.Execution.Id} has not completed after {ResultWait.TotalMinutes.ToString(CultureInfo.InvariantCulture)} minutes; I stop waiting for it.", command, result.Execution.Id),
                    cancellationToken).ConfigureAwait(false);
                continue;
            }

            var (message, _) = aliases.RenderResult(result.Alias, done);
            if (message is not null)
            {
                await replier.PostAsync(WithLink(message, command, done.Id), cancellationToken).ConfigureAwait(false);
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
