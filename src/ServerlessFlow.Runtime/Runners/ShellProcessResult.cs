namespace ServerlessFlow.Runtime.Runners;

/// <summary>How a child process ended: exit code, captured (bounded) output, and whether it was killed for running too long.</summary>
/// <param name="ExitCode">The exit code (-9 when killed on timeout, as StackStorm reports it).</param>
/// <param name="Stdout">Standard output, at most the capture limit, with a truncation marker when cut.</param>
/// <param name="Stderr">Standard error, likewise bounded.</param>
/// <param name="TimedOut">True when the process tree was killed on timeout.</param>
public sealed record ShellProcessResult(int ExitCode, string Stdout, string Stderr, bool TimedOut);
