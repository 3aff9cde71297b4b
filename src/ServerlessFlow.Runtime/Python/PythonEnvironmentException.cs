namespace ServerlessFlow.Runtime.Python;

/// <summary>A pack's virtual environment could not be built (no interpreter, no venv module, unmet requirements that pip
/// could not install); the message names the pack and what is missing.</summary>
public sealed class PythonEnvironmentException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PythonEnvironmentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PythonEnvironmentException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PythonEnvironmentException()
    {
    }
}
