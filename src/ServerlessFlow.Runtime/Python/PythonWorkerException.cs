namespace ServerlessFlow.Runtime.Python;

/// <summary>A Python worker could not start, broke the protocol, or exited while the host waited on it; the message says
/// which pack or sensor and includes the end of the worker's stderr.</summary>
public sealed class PythonWorkerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PythonWorkerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PythonWorkerException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PythonWorkerException()
    {
    }
}
