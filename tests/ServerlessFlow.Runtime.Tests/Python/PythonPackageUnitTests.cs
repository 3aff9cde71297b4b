using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ServerlessFlow.Runtime.Tests.Python;

/// <summary>Runs the worker package's own unittest suite (<c>python/tests</c>) with Python's test runner, one xUnit case per
/// test module, so CI counts it and a failure names each failing Python test.</summary>
public sealed partial class PythonPackageUnitTests
{
    private static readonly string? PythonDirectory = FindPythonDirectory();

    public static TheoryData<string> Modules()
    {
        var data = new TheoryData<string>();
        foreach (var file in PythonDirectory is null ? Enumerable.Empty<string>() : Directory.EnumerateFiles(Path.Combine(PythonDirectory, "tests"), "test_*.py").Order(StringComparer.Ordinal))
        {
            data.Add("tests." + Path.GetFileNameWithoutExtension(file));
        }

        if (data.Count == 0)
        {
            data.Add("(python/tests not found)");
        }

        return data;
    }

    [GeneratedRegex(@"^(?<status>FAIL|ERROR): (?<test>\S+) \((?<class>[^)]+)\)", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FailureLine();

    [SkippableTheory]
    [MemberData(nameof(Modules))]
    public async Task Unittest_Module_AllTestsPass(string module)
    {
        Skip.If(PythonDirectory is null, "the repository's python/ folder is not above the test output (tests run from a source checkout)");
        Skip.If(PythonPackFixture.SkipReason is not null, PythonPackFixture.SkipReason);
        var info = new ProcessStartInfo(new ServerlessFlow.Runtime.Python.PythonOptions().Interpreter)
        {
            WorkingDirectory = PythonDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["-B", "-m", "unittest", "-v", module])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["PYTHONPATH"] = PythonDirectory;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var output = await stderr + await stdout;

        var failures = FailureLine().Matches(output).Select(m => $"{m.Groups["status"].Value} {m.Groups["class"].Value}.{m.Groups["test"].Value}").ToList();
        Assert.True(process.ExitCode == 0 && failures.Count == 0, $"python -m unittest {module} failed (exit code {process.ExitCode}): {string.Join(", ", failures)}\n{output}");
        Assert.Matches(@"Ran [1-9]\d* tests?", output);
    }

    private static string? FindPythonDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "python");
            if (File.Exists(Path.Combine(candidate, "sflow_worker", "__main__.py")) && Directory.Exists(Path.Combine(candidate, "tests")))
            {
                return candidate;
            }
        }

        return null;
    }
}
