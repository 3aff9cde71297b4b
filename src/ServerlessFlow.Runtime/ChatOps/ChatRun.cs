using ServerlessFlow.Runtime.Aliases;

namespace ServerlessFlow.Runtime.ChatOps;

/// <summary>A chat command once started (<see cref="ChatHandler.StartAsync"/>): what to post at once (acknowledgements, help or
/// why it was refused) and the executions whose results are posted when they complete.</summary>
/// <param name="Command">The command.</param>
/// <param name="Messages">The messages to post at once.</param>
/// <param name="Started">The executions started for it.</param>
public sealed record ChatRun(ChatCommand Command, IReadOnlyList<string> Messages, IReadOnlyList<AliasExecutionResult> Started);
