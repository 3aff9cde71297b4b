namespace ServerlessFlow.Cli;

/// <summary>What every command writes to: injected so tests can capture the output.</summary>
/// <param name="Out">Standard output (results, JSON).</param>
/// <param name="Error">Standard error (diagnostics about the command itself).</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error);
