namespace ServerlessFlow.Runtime.Python;

/// <summary>What a worker process is started with: the pack it serves, its virtual environment and folder, and who
/// answers its requests (datastore, dispatch).</summary>
public sealed record PythonWorkerStart
{
    /// <summary>A name for messages and logs (<c>pack examples</c>, <c>sensor examples.FibonacciSensor</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The pack's folder (its <c>lib</c> and <c>actions/lib</c> go on the module path, as in StackStorm).</summary>
    public required string PackDirectory { get; init; }

    /// <summary>The pack's virtual environment.</summary>
    public required PythonEnvironment Environment { get; init; }

    /// <summary>Answers the worker's requests; null refuses them all.</summary>
    public IPythonRequestHandler? Handler { get; init; }

    /// <summary>Receives each line the worker writes to stderr outside an action run (pack logging, sensor output).</summary>
    public Action<string>? StandardError { get; init; }
}
