using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Mistral;

/// <summary>Something of a Mistral workflow that was not converted mechanically, with where it is in the source.</summary>
/// <param name="Position">Line and column in the Mistral file.</param>
/// <param name="Path">The node's path (<c>tasks.task1.retry.break-on</c>).</param>
/// <param name="Message">What was not converted and why.</param>
public sealed record ConversionNote(SourcePosition Position, string Path, string Message);
