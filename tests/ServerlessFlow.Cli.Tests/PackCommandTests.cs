using System.Text.Json;

namespace ServerlessFlow.Cli.Tests;

public sealed class PackCommandTests : IDisposable
{
    // Each test gets its own instance, so its own empty folder.
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sflow-pack-test-");

    public void Dispose() => _folder.Delete(recursive: true);

    [SkippableFact]
    public async Task Validate_OurOwnPacks_ExitsZeroWithoutDiagnostics()
    {
        var (exit, output, error) = await Sflow.RunAsync("pack", "validate", Path.Combine(RepositoryPaths.Root, "packs"));

        Assert.Equal(string.Empty, error);
        Assert.Equal(
            "3 packs, 30 files: 19 actions (python-script 6, local-shell-cmd 4, orquesta 2, remote-shell-cmd 2, announcement 1, http-request 1, inquirer 1, local-shell-script 1, noop 1), 4 rules, 2 workflows, 0 action chains, 0 sensors, 1 trigger type; 0 errors, 0 warnings\n",
            output);
        Assert.Equal(0, exit);
    }

    [SkippableFact]
    public async Task Validate_StackStormCoreAndExamples_ReportsTheCountsOfWhatThePacksHold()
    {
        // Independent counts (find/grep over ../shared/st2-packs): 235 YAML files = 2 pack.yaml + 1 config.schema.yaml
        // + 133 action metadata files + 66 workflow files + 21 chain files + 6 rules + 4 sensors + 1 trigger + 1 alias;
        // runner_type lines: orquesta 66, action-chain 21, python-script 18, local-shell-cmd 8, ...
        var st2 = RepositoryPaths.St2Packs;
        var (exit, output, _) = await Sflow.RunAsync("pack", "validate", Path.Combine(st2, "core"), Path.Combine(st2, "examples"), "--json");

        using var json = JsonDocument.Parse(output);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("packs").GetInt32());
        Assert.Equal(235, summary.GetProperty("files").GetInt32());
        Assert.Equal(133, summary.GetProperty("actions").GetInt32());
        var byRunner = summary.GetProperty("actionsByRunner").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["orquesta"] = 66, ["action-chain"] = 21, ["python-script"] = 18, ["local-shell-cmd"] = 8,
                ["local-shell-script"] = 4, ["remote-shell-cmd"] = 4, ["http-request"] = 2, ["remote-shell-script"] = 2,
                ["winrm-cmd"] = 2, ["winrm-ps-cmd"] = 2, ["announcement"] = 1, ["inquirer"] = 1, ["noop"] = 1, ["winrm-ps-script"] = 1,
            },
            byRunner);
        Assert.Equal(6, summary.GetProperty("rules").GetInt32());
        Assert.Equal(66, summary.GetProperty("workflows").GetInt32());
        Assert.Equal(21, summary.GetProperty("actionChains").GetInt32());
        Assert.Equal(4, summary.GetProperty("sensors").GetInt32());
        Assert.Equal(5, summary.GetProperty("triggerTypes").GetInt32());

        var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray()
            .Select(d => (Severity: d.GetProperty("severity").GetString()!, Code: d.GetProperty("code").GetString()!, File: d.GetProperty("file").GetString()!, Line: d.GetProperty("line").GetInt32()))
            .ToList();
        var warningsByCode = diagnostics.Where(d => d.Severity == "warning").GroupBy(d => d.Code).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(
            new Dictionary<string, int> { ["unsupported-runner"] = 5, ["unknown-pack"] = 6, ["unresolved-action"] = 1 },
            warningsByCode);

        var errors = diagnostics.Where(d => d.Severity == "error")
            .Select(d => $"{d.File[(st2.Length + 1)..]}:{d.Line} {d.Code}")
            .ToArray();
        Assert.Equal(
            [
                "examples/actions/chains/echochain_task_failure.yaml:9 action-chain-structure",
                "examples/actions/chains/echochain_top_level_failure.yaml:9 action-chain-structure",
                "examples/actions/env_reader.yaml:4 entry-point-missing",
                "examples/actions/forloop_get_github_page.yaml:6 entry-point-missing",
                "examples/actions/forloop_increase_index_and_check_condition.yaml:6 entry-point-missing",
                "examples/actions/forloop_parse_github_repos.yaml:6 entry-point-missing",
                "examples/actions/forloop_push_github_repos.yaml:6 entry-point-missing",
                "examples/actions/isprime.yaml:4 entry-point-missing",
                "examples/actions/json_string_to_object.meta.yaml:4 entry-point-missing",
                "examples/actions/local_script_runner_print_to_stdout_and_stderr.yaml:6 entry-point-missing",
                "examples/actions/object_return.meta.yaml:4 entry-point-missing",
                "examples/actions/print_config.yaml:6 entry-point-missing",
                "examples/actions/python-mock-core-remote.yaml:6 entry-point-missing",
                "examples/actions/python-mock-create-vm.yaml:6 entry-point-missing",
                "examples/actions/python_runner_load_and_print_fixture.meta.yaml:6 entry-point-missing",
                "examples/actions/python_runner_print_python_environment.yaml:6 entry-point-missing",
                "examples/actions/python_runner_print_python_version.yaml:6 entry-point-missing",
                "examples/actions/python_runner_print_to_stdout_and_stderr.yaml:6 entry-point-missing",
                "examples/actions/remote-fibonacci.yaml:4 entry-point-missing",
                "examples/actions/remote_script_runner_print_to_stdout_and_stderr.yaml:6 entry-point-missing",
                "examples/actions/ubuntu_pkg_info.yaml:4 entry-point-missing",
                "examples/actions/workflows/orquesta-data-flow-large-data.yaml:29 unresolved-action",
                "examples/actions/workflows/tests/orquesta-fail-inspection-task-contents.yaml:16 unresolved-action",
                "examples/actions/workflows/tests/orquesta-fail-inspection-task-contents.yaml:22 unresolved-action",
                "examples/actions/workflows/tests/orquesta-fail-inspection-task-contents.yaml:32 parameter-mismatch",
                "examples/actions/workflows/tests/orquesta-fail-inspection-task-contents.yaml:32 parameter-mismatch",
                "examples/actions/workflows/tests/orquesta-fail-inspection.yaml:10 workflow-context",
                "examples/actions/workflows/tests/orquesta-fail-inspection.yaml:18 workflow-syntax",
                "examples/actions/workflows/tests/orquesta-fail-inspection.yaml:20 workflow-expressions",
                "examples/actions/yaml_string_to_object.meta.yaml:4 entry-point-missing",
            ],
            errors);
        Assert.Equal(30, summary.GetProperty("errors").GetInt32());
        Assert.Equal(12, summary.GetProperty("warnings").GetInt32());
        Assert.Equal(1, exit);
    }

    [SkippableFact]
    public async Task Validate_StackStormExamples_TextOutputNamesTheBrokenWorkflowsCompilerStyle()
    {
        var st2 = RepositoryPaths.St2Packs.Replace('\\', '/');
        var (exit, output, _) = await Sflow.RunAsync("pack", "validate", st2 + "/core", st2 + "/examples");

        var lines = output.TrimEnd('\n').Split('\n');
        var tests = st2 + "/examples/actions/workflows/tests/";
        Assert.Contains(tests + "orquesta-fail-inspection.yaml:10:13: error workflow-context: tasks.task1.input: Variable \"foobar\" is referenced before assignment.", lines);
        Assert.Contains(tests + "orquesta-fail-inspection.yaml:18:9: error workflow-syntax: tasks.task2.input: [{'cmd': 'echo <% ctx().macro %>'}] is not valid under any of the given schemas", lines);
        Assert.Contains(tests + "orquesta-fail-inspection.yaml:20:15: error workflow-expressions: tasks.task2.next[0].when: Parse error: unexpected '<' at position 0 of expression '<% succeeded()'", lines);
        Assert.Contains(tests + "orquesta-fail-inspection-task-contents.yaml:16:13: error unresolved-action: task 'task1': the action reference 'echo' is not formatted correctly; it must be 'pack.name'", lines);
        Assert.Contains(tests + "orquesta-fail-inspection-task-contents.yaml:22:13: error unresolved-action: task 'task2': action 'core.echoz' does not exist in pack 'core'", lines);
        Assert.Contains(tests + "orquesta-fail-inspection-task-contents.yaml:32:13: error parameter-mismatch: task 'task3': action 'core.echo' has unexpected input 'messages'", lines);
        Assert.Contains(tests + "orquesta-fail-inspection-task-contents.yaml:32:13: error parameter-mismatch: task 'task3': action 'core.echo' is missing required input 'message'", lines);
        Assert.Contains(st2 + "/core/actions/winrm_cmd.yaml:4:16: warning unsupported-runner: action 'core.winrm_cmd' uses the 'winrm-cmd' runner, which ServerlessFlow does not support (ServerlessFlow has no WinRM runner (Windows hosts are not reachable from its workers; run commands over SSH with remote-shell-cmd instead)); the action is loaded but cannot be run", lines);
        // Issue #17: no runner is unsupported except WinRM.
        Assert.All(lines.Where(l => l.Contains("unsupported-runner", StringComparison.Ordinal)), l => Assert.Matches("uses the '(winrm-cmd|winrm-ps-cmd|winrm-ps-script)' runner", l));
        Assert.StartsWith("2 packs, 235 files: 133 actions (orquesta 66, action-chain 21, python-script 18, local-shell-cmd 8, ", lines[^1], StringComparison.Ordinal);
        Assert.Contains(st2 + "/examples/actions/chains/echochain_task_failure.yaml:9:25: error action-chain-structure: Unable to find node with name \"c4\" referenced in \"on-failure\" in task \"c1\".", lines);
        Assert.EndsWith("6 rules, 66 workflows, 21 action chains, 4 sensors, 5 trigger types; 30 errors, 12 warnings", lines[^1], StringComparison.Ordinal);
        Assert.Equal(1, exit);
    }

    [SkippableFact]
    public async Task Validate_BrokenPackOnDisk_ReportsEveryFileAndExitsOne()
    {
        var pack = Path.Combine(_folder.FullName, "broken");
        Directory.CreateDirectory(Path.Combine(pack, "actions"));
        Directory.CreateDirectory(Path.Combine(pack, "rules"));
        File.WriteAllText(Path.Combine(pack, "pack.yaml"), "name: broken\ndescription: d\nversion: 0.1.0\nauthor: a\n");
        File.WriteAllText(Path.Combine(pack, "actions", "bad.yaml"), "name: bad\n  runner_type: noop\n");
        File.WriteAllBytes(Path.Combine(pack, "actions", "latin1.yaml"), [0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9, 0x0A]);
        File.WriteAllText(Path.Combine(pack, "rules", "r.yaml"), "name: r\ntrigger: {type: core.st2.webhook, parameters: {url: x}}\naction: {ref: broken.missing}\n");

        var (exit, output, _) = await Sflow.RunAsync("pack", "validate", _folder.FullName);

        // PyYAML puts "mapping values are not allowed here" at the same line and column (2:14).

        var root = _folder.FullName.Replace('\\', '/') + "/broken";
        Assert.Equal(
            $"""
            {root}/actions/bad.yaml:2:14: error yaml-syntax: While scanning a plain scalar value, found invalid mapping.
            {root}/actions/latin1.yaml:1:1: error file-unreadable: the file could not be read: it is not valid UTF-8 text
            {root}/rules/r.yaml:3:15: error unresolved-action: rule 'broken.r': action 'broken.missing' does not exist in pack 'broken'
            1 pack, 3 files: 0 actions, 1 rule, 0 workflows, 0 action chains, 0 sensors, 0 trigger types; 3 errors, 0 warnings

            """,
            output);
        Assert.Equal(1, exit);
    }

    [SkippableFact]
    public async Task Validate_WithConfigs_ChecksEachPacksConfigurationFile()
    {
        foreach (var name in (string[])["alpha", "beta"])
        {
            Directory.CreateDirectory(Path.Combine(_folder.FullName, "packs", name));
            File.WriteAllText(Path.Combine(_folder.FullName, "packs", name, "pack.yaml"), $"name: {name}\ndescription: d\nversion: 0.1.0\nauthor: a\n");
            File.WriteAllText(Path.Combine(_folder.FullName, "packs", name, "config.schema.yaml"), "token:\n  type: string\n  required: true\nport:\n  type: integer\n  default: 80\n");
        }

        Directory.CreateDirectory(Path.Combine(_folder.FullName, "configs"));
        File.WriteAllText(Path.Combine(_folder.FullName, "configs", "alpha.yaml"), "port: eighty\n");

        var configs = Path.Combine(_folder.FullName, "configs");
        var (exit, output, _) = await Sflow.RunAsync("pack", "validate", Path.Combine(_folder.FullName, "packs"), "--configs", configs);

        var shown = configs.Replace('\\', '/');
        Assert.Equal(
            $"""
            {shown}/alpha.yaml:1:1: error missing-field: the configuration of pack 'alpha' is missing 'token', which config.schema.yaml requires
            {shown}/alpha.yaml:1:7: error wrong-type: 'port' must be of type 'integer', not a string ('eighty')
            {shown}/beta.yaml:1:1: warning missing-config: pack 'beta' needs configuration values (token) but this file does not exist
            2 packs, 4 files: 0 actions, 0 rules, 0 workflows, 0 action chains, 0 sensors, 0 trigger types; 2 errors, 1 warning

            """,
            output);
        Assert.Equal(1, exit);
    }

    [SkippableFact]
    public async Task Validate_FolderThatDoesNotExistOrHoldsNoPacks_ExitsOne()
    {
        var missing = Path.Combine(_folder.FullName, "nope");

        var (exit, output, _) = await Sflow.RunAsync("pack", "validate", missing, _folder.FullName);

        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(missing.Replace('\\', '/') + ":1:1: error no-such-folder: this folder does not exist", lines[0]);
        Assert.Equal(_folder.FullName.Replace('\\', '/') + ":1:1: error no-packs: this folder is not a pack (no pack.yaml, actions/, rules/, sensors/ or triggers/) and holds no pack folders", lines[1]);
        Assert.Equal("0 packs, 0 files: 0 actions, 0 rules, 0 workflows, 0 action chains, 0 sensors, 0 trigger types; 2 errors, 0 warnings", lines[2]);
        Assert.Equal(1, exit);
    }

    [SkippableTheory]
    [InlineData(new[] { "pack", "validate", "--help" }, new[] { "file:line:col: error CODE: message", "--json", "<folder>..." })]
    [InlineData(new[] { "pack", "--help" }, new[] { "validate", "Work with StackStorm packs" })]
    public async Task Help_PackAndPackValidate_DescribeSubcommandsArgumentsAndOptions(string[] args, string[] expected)
    {
        var (exit, output, _) = await Sflow.RunAsync(args);

        Assert.All(expected, text => Assert.Contains(text, output, StringComparison.Ordinal));
        Assert.Equal(0, exit);
    }
}
