using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using ServerlessFlow.Core.Values;
using ServerlessFlow.Runtime.Runners;

namespace ServerlessFlow.Runtime.Python;

/// <summary>
/// Builds each pack's virtual environment, as StackStorm does on pack install (<c>/opt/stackstorm/virtualenvs/&lt;pack&gt;</c>):
/// <c>python3 -m venv --system-site-packages --without-pip</c>, so the system's packages (Debian's <c>python3-*</c>) are
/// visible; then the lines of the pack's <c>requirements.txt</c> that the environment does not already satisfy are installed
/// with pip. A pack whose requirements the machine has needs no package index; unmet requirements that pip cannot install
/// are an error naming them. A stamp file (interpreter, requirements text, builder version) makes a second call for an
/// unchanged pack free. Safe to call concurrently (one build per pack at a time in this process).
/// </summary>
public sealed class PythonEnvironmentBuilder
{
    private const string BuilderVersion = "1";
    private const string StampFile = ".sflow-stamp";
    private readonly PythonOptions options;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.Ordinal);

    /// <summary>Creates a builder.</summary>
    public PythonEnvironmentBuilder(PythonOptions options) => this.options = options;

    /// <summary>The options the builder uses.</summary>
    public PythonOptions Options => options;

    /// <summary>The virtual environment of <paramref name="pack"/> (in <paramref name="packDirectory"/>), built or brought up to
    /// date first. Throws <see cref="PythonEnvironmentException"/> naming the pack and the reason when it cannot be built.</summary>
    public async Task<PythonEnvironment> EnsureAsync(string pack, string packDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pack);
        if (pack.Contains('/', StringComparison.Ordinal) || pack.Contains('\\', StringComparison.Ordinal) || pack.StartsWith('.'))
        {
            throw new PythonEnvironmentException($"Pack name '{pack}' cannot name a virtual environment folder.");
        }

        var gate = locks.GetOrAdd(pack, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await BuildAsync(pack, packDirectory, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<PythonEnvironment> BuildAsync(string pack, string packDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(Path.Combine(options.VirtualEnvironmentsRoot, pack));
        var python = Path.Combine(directory, "bin", "python");
        var requirementsPath = Path.Combine(packDirectory, "requirements.txt");
        var requirements = File.Exists(requirementsPath) ? await File.ReadAllTextAsync(requirementsPath, cancellationToken).ConfigureAwait(false) : string.Empty;
        var stamp = Stamp(requirements);
        var stampPath = Path.Combine(directory, StampFile);
        if (File.Exists(python) && File.Exists(stampPath) && string.Equals(await File.ReadAllTextAsync(stampPath, cancellationToken).ConfigureAwait(false), stamp, StringComparison.Ordinal))
        {
            return new PythonEnvironment(pack, directory, python, []);
        }

        // Built beside its final place and moved in, so another process never sees a half-built environment.
        var building = directory + ".building-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(Path.GetDirectoryName(directory)!);
        var venv = await RunAsync(options.Interpreter, ["-m", "venv", "--system-site-packages", "--without-pip", building], TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
        if (venv.ExitCode != 0 || !File.Exists(Path.Combine(building, "bin", "python")))
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }

            throw new PythonEnvironmentException(
                $"Cannot build the virtual environment of pack '{pack}' with '{options.Interpreter}' (exit code {venv.ExitCode}): {Tail(venv.Stderr + venv.Stdout)}" +
                " (on Debian the venv module is the python3-venv package; choose another interpreter with $" + PythonOptions.InterpreterVariable + ")");
        }

        IReadOnlyList<string> installed = [];
        try
        {
            if (requirements.Length > 0)
            {
                installed = await InstallUnmetAsync(pack, Path.Combine(building, "bin", "python"), requirementsPath, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllTextAsync(Path.Combine(building, StampFile), stamp, cancellationToken).ConfigureAwait(false);
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.Move(building, directory);
        }
        catch (IOException) when (File.Exists(stampPath) && File.Exists(python))
        {
            // Another process finished the same environment first: use it.
        }
        finally
        {
            if (Directory.Exists(building))
            {
                Directory.Delete(building, recursive: true);
            }
        }

        return new PythonEnvironment(pack, directory, python, installed);
    }

    private async Task<IReadOnlyList<string>> InstallUnmetAsync(string pack, string python, string requirementsPath, CancellationToken cancellationToken)
    {
        var check = await RunAsync(python, ["-m", "sflow_worker.requirements", requirementsPath], TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false);
        if (check.ExitCode != 0 || !JsonText.TryParse(check.Stdout, out var parsed, out _) || parsed is not Dictionary<string, object?> result)
        {
            throw new PythonEnvironmentException($"Cannot check the requirements of pack '{pack}' ({requirementsPath}): {Tail(check.Stderr + check.Stdout)}");
        }

        var unmet = (result.GetValueOrDefault("unmet") as List<object?> ?? []).OfType<string>().ToList();
        if (unmet.Count == 0)
        {
            return [];
        }

        var list = Path.Combine(Path.GetDirectoryName(python)!, "..", "sflow-unmet-requirements.txt");
        await File.WriteAllLinesAsync(list, unmet, cancellationToken).ConfigureAwait(false);
        var pip = await RunAsync(python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--quiet", .. options.PipArguments, "-r", Path.GetFullPath(list)], options.PipTimeout, cancellationToken).ConfigureAwait(false);
        if (pip.ExitCode != 0)
        {
            throw new PythonEnvironmentException(
                $"Pack '{pack}' needs Python requirements that this machine does not have: {string.Join(", ", unmet)}. " +
                $"pip could not install them (is a package index reachable? on Debian, python3-* packages satisfy requirements without one): {Tail(pip.Stderr + pip.Stdout)}");
        }

        return unmet;
    }

    private async Task<ShellProcessResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PYTHONPATH"] = Path.GetFullPath(options.WorkerDirectory) };
        try
        {
            return await ShellProcess.RunAsync(fileName, arguments, null, environment, timeout, TimeProvider.System, 64 * 1024, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new PythonEnvironmentException($"Cannot run '{fileName}': {ex.Message} (set the interpreter with $" + PythonOptions.InterpreterVariable + ")", ex);
        }
    }

    private string Stamp(string requirements)
    {
        var interpreter = options.Interpreter;
        var resolved = File.Exists(interpreter) ? new FileInfo(interpreter).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(interpreter) : interpreter;
        var text = $"{BuilderVersion}\n{resolved}\n{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(requirements)))}\n";
        return text;
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(5));
    }
}
