namespace ServerlessFlow.Runtime.Python;

/// <summary>A pack's built virtual environment: its folder and the interpreter inside it.</summary>
/// <param name="Pack">The pack ref.</param>
/// <param name="Directory">The virtual environment's folder.</param>
/// <param name="Python">Its interpreter (<c>bin/python</c>).</param>
/// <param name="Installed">Requirements pip installed when it was built (empty when the system already had them all).</param>
public sealed record PythonEnvironment(string Pack, string Directory, string Python, IReadOnlyList<string> Installed);
