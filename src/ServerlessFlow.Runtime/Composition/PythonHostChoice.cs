using ServerlessFlow.Runtime.Python;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>How a host runs pack Python: the interpreter, virtual environments and warm workers, and the pack configs
/// folder (<c>&lt;pack&gt;.yaml</c>; null means schema defaults only).</summary>
/// <param name="Options">Interpreter, venvs, pool sizes.</param>
/// <param name="ConfigsFolder">The pack configs folder.</param>
public sealed record PythonHostChoice(PythonOptions Options, string? ConfigsFolder);
