namespace ServerlessFlow.Runtime.Python;

/// <summary>How a host runs pack Python: which interpreter builds the per-pack virtual environments, where they live, where
/// the worker package is, and how many warm workers a pack keeps.</summary>
public sealed record PythonOptions
{
    /// <summary>The environment variable naming the interpreter (overrides the default).</summary>
    public const string InterpreterVariable = "SFLOW_PYTHON";

    /// <summary>The environment variable naming the folder of per-pack virtual environments.</summary>
    public const string VirtualEnvironmentsVariable = "SFLOW_PYTHON_VENVS";

    /// <summary>The interpreter that creates each pack's virtual environment (<c>-m venv --system-site-packages</c>). Default:
    /// <c>$SFLOW_PYTHON</c>, else Debian's <c>/usr/bin/python3</c> (it sees the <c>python3-*</c> packages), else
    /// <c>python3</c> on the PATH.</summary>
    public string Interpreter { get; init; } = DefaultInterpreter();

    /// <summary>Where per-pack virtual environments are built (<c>&lt;root&gt;/&lt;pack&gt;</c>, StackStorm's
    /// <c>/opt/stackstorm/virtualenvs</c>). Default: <c>$SFLOW_PYTHON_VENVS</c>, else <c>.sflow/virtualenvs</c> in the working
    /// folder.</summary>
    public string VirtualEnvironmentsRoot { get; init; } =
        Environment.GetEnvironmentVariable(VirtualEnvironmentsVariable) is { Length: > 0 } root ? root : Path.Combine(".sflow", "virtualenvs");

    /// <summary>The folder holding the worker package (<c>sflow_worker</c>, <c>st2common</c>, <c>st2reactor</c>): the
    /// <c>python</c> folder copied beside the host's assemblies.</summary>
    public string WorkerDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "python");

    /// <summary>Warm workers kept per pack; more concurrent runs of one pack wait for a free worker.</summary>
    public int MaxWorkersPerPack { get; init; } = 4;

    /// <summary>An idle worker older than this is stopped when the pool is next used.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a worker may take to start and say it is ready.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Bytes kept of an action's stdout and of its stderr.</summary>
    public int CaptureLimit { get; init; } = 1024 * 1024;

    /// <summary>How long pip may take to install a pack's unmet requirements.</summary>
    public TimeSpan PipTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Extra pip arguments (<c>--index-url</c>, <c>--retries</c>…) for installing unmet requirements.</summary>
    public IReadOnlyList<string> PipArguments { get; init; } = [];

    /// <summary>The API URL given to actions as <c>ST2_ACTION_API_URL</c>.</summary>
    public string ApiUrl { get; init; } = "http://127.0.0.1:7071/api/v1";

    private static string DefaultInterpreter()
    {
        if (Environment.GetEnvironmentVariable(InterpreterVariable) is { Length: > 0 } given)
        {
            return given;
        }

        return File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
    }
}
