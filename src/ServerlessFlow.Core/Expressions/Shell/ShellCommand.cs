namespace ServerlessFlow.Core.Expressions.Shell;

/// <summary>A shell command rendered from a template: the command text refers to each value through an environment
/// variable (<c>"${NAME}"</c>), and <see cref="Environment"/> holds the values. The shell expands a variable but never
/// parses its contents, so a value is always one quoted argument, never shell syntax.</summary>
/// <param name="Command">The command text: the template's own text with each expression replaced by a variable reference.</param>
/// <param name="Environment">Variable name → value text, for the process that runs <paramref name="Command"/>.</param>
public sealed record ShellCommand(string Command, IReadOnlyDictionary<string, string> Environment);
