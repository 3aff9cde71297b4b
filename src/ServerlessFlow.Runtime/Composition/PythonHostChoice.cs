using ServerlessFlow.Runtime.Python;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>How a host runs pack Python: the interpreter, virtual environments and warm workers (pack configs come from
/// <see cref="RuntimeHostChoices.ConfigsFolder"/>, as every other user of them).</summary>
/// <param name="Options">Interpreter, venvs, pool sizes.</param>
public sealed record PythonHostChoice(PythonOptions Options);
