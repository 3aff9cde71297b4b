namespace ServerlessFlow.Runtime.Runners.Remote;

/// <summary>How one command ended on one host.</summary>
/// <param name="ExitCode">The exit status (-1 when the server sent none, e.g. killed by a signal).</param>
/// <param name="Stdout">Standard output, bounded.</param>
/// <param name="Stderr">Standard error, bounded.</param>
/// <param name="TimedOut">True when the command was stopped for running past its timeout.</param>
public sealed record RemoteCommandResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
