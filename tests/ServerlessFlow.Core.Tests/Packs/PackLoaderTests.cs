using System.Text;
using ServerlessFlow.Core.Packs;
using static ServerlessFlow.Core.Tests.Packs.PackFixture;

namespace ServerlessFlow.Core.Tests.Packs;

public class PackLoaderTests
{
    private const string LocalAction = """
        name: run
        runner_type: local-shell-cmd
        description: Runs a command.
        parameters:
          cmd:
            type: string
            required: true
          sudo:
            immutable: true
        """;

    [Fact]
    public void Load_ValidPack_ReadsEveryKindWithoutDiagnostics()
    {
        var result = Load(
            ("actions/run.yaml", LocalAction),
            ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: workflows/flow.yaml\n"),
            ("actions/workflows/flow.yaml", "version: 1.0\ntasks:\n  t1:\n    action: demo.run cmd=ls\n"),
            ("rules/on_hook.yaml", "name: on_hook\npack: demo\ntrigger:\n  type: core.st2.webhook\n  parameters: {url: hook}\ncriteria:\n  trigger.body.x: {type: equals, pattern: 1}\naction:\n  ref: demo.flow\n"),
            ("triggers/thing.yaml", "name: thing\npayload_schema: {type: object}\n"),
            ("sensors/watch.yaml", "class_name: Watcher\nentry_point: watch.py\npoll_interval: 30\ntrigger_types:\n  - name: watched\n"),
            ("config.schema.yaml", "token:\n  type: string\n  secret: true\n  required: true\n"),
            ("README.md", "not yaml"));

        var pack = result.Pack;
        Assert.Equal("demo", pack.Ref);
        Assert.Equal("1.0.0", pack.Version);
        Assert.Equal(["demo.flow", "demo.run"], pack.Actions.Select(a => a.Ref));
        Assert.Equal("demo.on_hook", Assert.Single(pack.Rules).Ref);
        Assert.Equal(["demo.thing", "demo.watched"], pack.TriggerTypes.Select(t => t.Ref));
        Assert.Equal(30, Assert.Single(pack.Sensors).PollInterval);
        Assert.True(pack.ConfigSchema["token"].Secret);
        var workflow = Assert.Single(pack.Workflows);
        Assert.Equal(WorkflowFileKind.Orquesta, workflow.Kind);
        Assert.Equal(["demo.flow"], workflow.ActionRefs);
        Assert.True(workflow.IsValidYaml);
        Assert.Equal(8, pack.YamlFileCount);
        Assert.Empty(Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_ImmutableParameterWithRunnerDefault_MergesRunnerAttributes()
    {
        var action = Assert.Single(Load(("actions/run.yaml", LocalAction)).Pack.Actions);

        var sudo = action.EffectiveParameters["sudo"];
        Assert.True(sudo.Immutable);
        Assert.True(sudo.HasDefault);
        Assert.Equal(false, sudo.Default);
        Assert.Equal("boolean", sudo.Type);
        Assert.Equal(60L, action.EffectiveParameters["timeout"].Default);
        Assert.Equal(["cmd", "sudo"], action.Parameters.Keys);
    }

    [Fact]
    public void Load_ActionTriesToMakeRunnerImmutableParameterMutable_StaysImmutable()
    {
        var action = Assert.Single(Load(("actions/r.yaml", "name: r\nrunner_type: remote-shell-cmd\nparameters:\n  parallel:\n    immutable: false\n    default: true\n")).Pack.Actions);

        var parallel = action.EffectiveParameters["parallel"];
        Assert.True(parallel.Immutable);
        Assert.Equal(true, parallel.Default);
    }

    [Fact]
    public void Load_MistralAction_RefusedWithHowToConvert()
    {
        var result = Load(
            ("actions/m.yaml", "name: m\nrunner_type: mistral-v2\nentry_point: workflows/m.yaml\n"),
            ("actions/workflows/m.yaml", "version: '2.0'\ndemo.m:\n  tasks:\n    t: {action: core.noop}\n"));

        Assert.Contains(
            "demo/actions/m.yaml:2:14: error mistral-workflow: action 'demo.m' is a Mistral workflow; Mistral was removed from StackStorm 3.3 and ServerlessFlow does not run it. Convert it with 'sflow workflow convert actions/workflows/m.yaml' (it says what it cannot convert) and set runner_type: orquesta",
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsPyYamlPositionAndKeepsLoadingOtherFiles()
    {
        // PyYAML reports "mapping values are not allowed here" at the same place (line 2, column 15).
        var result = Load(
            ("actions/bad.yaml", "name: bad\ndescription: a: b\n"),
            ("actions/run.yaml", LocalAction));

        Assert.Equal(
            ["demo/actions/bad.yaml:2:15: error yaml-syntax: While scanning a plain scalar value, found invalid mapping."],
            Lines(result.Diagnostics));
        Assert.Equal("demo.run", Assert.Single(result.Pack.Actions).Ref);
    }

    [Fact]
    public void Load_MissingFields_ReportsEachOneAtTheMapping()
    {
        var result = Load(
            ("actions/a.yaml", "description: no name, no runner\n"),
            ("rules/r.yaml", "name: r\ndescription: no trigger or action\n"),
            ("pack.yaml", "name: demo\nversion: 1.0.0\n"));

        Assert.Equal(
            [
                "demo/actions/a.yaml:1:1: error missing-field: the action is missing the required field 'name'",
                "demo/actions/a.yaml:1:1: error missing-field: the action is missing the required field 'runner_type'",
                "demo/pack.yaml:1:1: error missing-field: pack.yaml is missing the required field 'author'",
                "demo/pack.yaml:1:1: error missing-field: pack.yaml is missing the required field 'description'",
                "demo/rules/r.yaml:1:1: error missing-field: rule 'demo.r' is missing the required field 'action'",
                "demo/rules/r.yaml:1:1: error missing-field: rule 'demo.r' is missing the required field 'trigger'",
            ],
            Lines(result.Diagnostics));
        Assert.Empty(result.Pack.Actions);
        Assert.Empty(result.Pack.Rules);
    }

    [Fact]
    public void Load_WrongFieldTypes_ReportsTypeAndPosition()
    {
        var result = Load(("actions/a.yaml", "name: [x]\nrunner_type: noop\nenabled: 'yes please'\nparameters: []\ntags: {a: b}\n"));

        Assert.Equal(
            [
                "demo/actions/a.yaml:1:7: error wrong-type: field 'name' must be a string, not a list",
                "demo/actions/a.yaml:3:10: error wrong-type: field 'enabled' must be a boolean (true or false), not a string ('yes please')",
                "demo/actions/a.yaml:4:13: error wrong-type: field 'parameters' must be a mapping, not a list",
                "demo/actions/a.yaml:5:7: error wrong-type: field 'tags' must be a list, not a mapping",
            ],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_DocumentThatIsNotAMapping_ReportsNotAMapping()
    {
        var result = Load(("actions/a.yaml", "- just\n- a list\n"), ("rules/empty.yaml", "# nothing\n"));

        Assert.Equal(
            [
                "demo/actions/a.yaml:1:1: error not-a-mapping: an action's metadata must be a YAML mapping of fields, but this file holds a list",
                "demo/rules/empty.yaml:1:1: error empty-file: the file holds no YAML document",
            ],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_UnknownAndUnsupportedRunners_ErrorForUnknownWarningForUnsupported()
    {
        var result = Load(
            ("actions/a.yaml", "name: a\nrunner_type: cobol-batch\n"),
            ("actions/b.yaml", "name: b\nrunner_type: python-script\nentry_point: b.py\n"),
            ("actions/b.py", "from st2common.runners.base_action import Action\n"),
            ("actions/c.yaml", "name: c\nrunner_type: mistral\n"));

        var lines = Lines(result.Diagnostics);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("demo/actions/a.yaml:2:14: error unknown-runner: action 'demo.a' names runner type 'cobol-batch', which does not exist (known runners: local-shell-cmd, local-shell-script,", lines[0], StringComparison.Ordinal);
        Assert.Equal("demo/actions/c.yaml:2:14: error mistral-workflow: action 'demo.c' is a Mistral workflow; Mistral was removed from StackStorm 3.3 and ServerlessFlow does not run it. Convert it with 'sflow workflow convert its workflow file' (it says what it cannot convert) and set runner_type: orquesta", lines[1]);
        Assert.Equal(["demo.a", "demo.b", "demo.c"], result.Pack.Actions.Select(a => a.Ref));
        Assert.Equal("python-script", result.Pack.Actions[1].RunnerType);
    }

    [Fact]
    public void Load_PythonScriptActions_EntryPointCheckedExceptNativeCoreActions()
    {
        var core = PackLoader.Load(new InMemoryPackSource("core", new Dictionary<string, string>
        {
            ["pack.yaml"] = "name: core\ndescription: d\nversion: 1.0.0\nauthor: a\n",
            ["actions/uuid.yaml"] = "name: uuid\nrunner_type: python-script\nentry_point: generate_uuid.py\n",
            ["actions/other.yaml"] = "name: other\nrunner_type: python-script\nentry_point: other.py\n",
        }));

        Assert.Equal(
            ["core/actions/other.yaml:3:14: error entry-point-missing: action 'core.other': entry_point file 'actions/other.py' does not exist in the pack"],
            Lines(core.Diagnostics));
    }

    [Fact]
    public void Load_DuplicateActionName_ReportsSecondDefinition()
    {
        var result = Load(("actions/a.yaml", "name: same\nrunner_type: noop\n"), ("actions/b.yaml", "name: same\nrunner_type: noop\n"));

        Assert.Equal(["demo/actions/b.yaml:1:7: error duplicate-ref: action 'demo.same' is already defined in actions/a.yaml; this definition is ignored"], Lines(result.Diagnostics));
        Assert.Equal("actions/a.yaml", Assert.Single(result.Pack.Actions).MetadataFile);
    }

    [Fact]
    public void Load_EntryPointProblems_ReportsMissingFileEscapeAndEmpty()
    {
        var result = Load(
            ("actions/a.yaml", "name: a\nrunner_type: local-shell-script\nentry_point: scripts/a.sh\n"),
            ("actions/b.yaml", "name: b\nrunner_type: local-shell-script\nentry_point: ../../etc/passwd\n"),
            ("actions/c.yaml", "name: c\nrunner_type: orquesta\n"),
            ("actions/d.yaml", "name: d\nrunner_type: local-shell-script\nentry_point: scripts/d.sh\n"),
            ("actions/scripts/d.sh", "echo d"));

        Assert.Equal(
            [
                "demo/actions/a.yaml:3:14: error entry-point-missing: action 'demo.a': entry_point file 'actions/scripts/a.sh' does not exist in the pack",
                "demo/actions/b.yaml:3:14: error invalid-value: action 'demo.b': entry_point '../../etc/passwd' must be a relative path inside the pack's actions/ folder",
                "demo/actions/c.yaml:1:1: error missing-field: action 'demo.c' uses the 'orquesta' runner, which needs an 'entry_point' naming a file below actions/",
            ],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_ParameterSchemaMistakes_ReportsEach()
    {
        const string action = """
            name: a
            runner_type: local-shell-cmd
            parameters:
              count:
                type: int
              flag:
                type: boolean
                required: "yes"
              first:
                type: string
                position: 0
              second:
                type: string
                position: 0
              color:
                type: string
                enum: [red, green]
                default: blue
              size:
                type: integer
                default: big
              locked:
                type: string
                immutable: true
              templated:
                type: integer
                default: "{{ config_context.size }}"
              bad-name:
                type: string
              plain: 5
              typo:
                type: string
                requried: true
            """;

        var result = Load(("actions/a.yaml", action));

        Assert.Equal(
            [
                "demo/actions/a.yaml:5:11: error parameter-schema: action 'demo.a': parameter 'count' has type a string ('int'), which is not a JSON-schema type (array, boolean, integer, null, number, object, string)",
                "demo/actions/a.yaml:8:15: error wrong-type: action 'demo.a': parameter 'flag': 'required' must be true or false, not a string ('yes')",
                "demo/actions/a.yaml:14:15: error parameter-schema: action 'demo.a': parameter 'second' has position 0, which parameter 'first' already has",
                "demo/actions/a.yaml:18:14: error parameter-schema: action 'demo.a': parameter 'color' has default a string ('blue'), which is not one of its enum values",
                "demo/actions/a.yaml:21:14: error parameter-schema: action 'demo.a': parameter 'size' has default a string ('big'), which is not of its type 'integer'",
                "demo/actions/a.yaml:22:3: error immutable-without-default: action 'demo.a': parameter 'locked' is immutable but has no default, here or in the 'local-shell-cmd' runner, so it could never have a value",
                "demo/actions/a.yaml:28:3: error parameter-schema: action 'demo.a': parameter name 'bad-name' may only hold letters, digits and underscores",
                "demo/actions/a.yaml:30:10: error parameter-schema: action 'demo.a': parameter 'plain' must be a mapping of attributes (type, description, default…), not an integer (5)",
                "demo/actions/a.yaml:33:5: warning unknown-field: action 'demo.a': parameter 'typo' has an unknown attribute 'requried'; it is ignored",
            ],
            Lines(result.Diagnostics));
        var loaded = Assert.Single(result.Pack.Actions);
        Assert.DoesNotContain("count", loaded.Parameters.Keys);
        Assert.Contains("templated", loaded.Parameters.Keys);
    }

    [Fact]
    public void Load_UnknownActionField_IsAnErrorLikeStackStormsSchema()
    {
        var result = Load(("actions/a.yaml", "name: a\nrunner_type: noop\nrunner: noop\n"));

        Assert.Equal(
            ["demo/actions/a.yaml:3:1: error unknown-field: the action has an unknown field 'runner' (allowed: description, enabled, entry_point, id, metadata_file, name, notify, output_schema, pack, parameters, ref, runner_type, tags, uid)"],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_PackMetadataProblems_FallsBackToFolderName()
    {
        var missing = PackLoader.Load(new InMemoryPackSource("packs/mine", new Dictionary<string, string> { ["actions/a.yaml"] = "name: a\nrunner_type: noop\n" }));
        Assert.Equal("mine", missing.Pack.Ref);
        Assert.Equal("mine.a", Assert.Single(missing.Pack.Actions).Ref);
        Assert.Equal(["packs/mine/pack.yaml:1:1: error missing-pack-metadata: the pack has no pack.yaml; its folder name 'mine' is used as its ref"], Lines(missing.Diagnostics));

        var invalid = Load(("pack.yaml", "name: My Pack\ndescription: d\nversion: '1.0'\nauthor: a\nemail: nobody\n"));
        Assert.Equal("demo", invalid.Pack.Ref);
        Assert.Equal(
            [
                "demo/pack.yaml:1:7: error invalid-value: pack.yaml: name 'My Pack' is not usable as a ref (lowercase letters, digits and underscores only); add a 'ref' field. The folder name 'demo' is used meanwhile",
                "demo/pack.yaml:3:10: error invalid-value: pack.yaml: version '1.0' is not a semantic version like 1.0.0",
                "demo/pack.yaml:5:8: error invalid-value: pack.yaml: email 'nobody' is not an e-mail address",
            ],
            Lines(invalid.Diagnostics));
    }

    [Fact]
    public void Load_PackFieldMismatch_ReportsPackMismatch()
    {
        var result = Load(("rules/r.yaml", "name: r\npack: other\ntrigger: {type: core.st2.webhook}\naction: {ref: core.noop}\n"));

        Assert.Equal(["demo/rules/r.yaml:2:7: error pack-mismatch: rule 'demo.r' says it belongs to pack 'other', but it is in pack 'demo'"], Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_RuleProblems_ReportsOperatorsPatternsAndType()
    {
        const string rule = """
            name: r
            trigger:
              type: core.st2.webhook
            criteria:
              trigger.a:
                type: looselyequals
                pattern: 1
              trigger.b:
                type: equals
              trigger.c:
                type: exists
              trigger.d: equals
            action:
              ref: core.noop
              params: {}
            type:
              ref: fallback
            """;

        var result = Load(("rules/r.yaml", rule));

        var lines = Lines(result.Diagnostics);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("demo/rules/r.yaml:6:11: error invalid-value: rule 'demo.r': criterion 'trigger.a' uses operator 'looselyequals', which does not exist (operators: contains, ", lines[0], StringComparison.Ordinal);
        Assert.Equal("demo/rules/r.yaml:9:5: warning missing-field: rule 'demo.r': criterion 'trigger.b' has no 'pattern' for operator 'equals', so it never matches", lines[1]);
        Assert.Equal("demo/rules/r.yaml:12:14: error wrong-type: rule 'demo.r': criterion 'trigger.d' must be a mapping with 'type' and 'pattern', not a string ('equals')", lines[2]);
        Assert.Equal("demo/rules/r.yaml:15:3: error unknown-field: rule 'demo.r''s action has an unknown field 'params' (allowed: parameters, ref)", lines[3]);
        Assert.Equal("demo/rules/r.yaml:17:8: error invalid-value: rule 'demo.r' has rule type 'fallback'; it must be 'standard' or 'backstop'", lines[4]);
        var loaded = Assert.Single(result.Pack.Rules);
        Assert.Equal(["trigger.b", "trigger.c"], loaded.Criteria.Select(c => c.Key));
        Assert.False(loaded.Enabled);
    }

    [Fact]
    public void Load_DuplicateTriggerTypes_ReportsSecond()
    {
        var result = Load(
            ("triggers/t.yaml", "name: thing\n"),
            ("sensors/s.yaml", "class_name: S\nentry_point: s.py\ntrigger_types:\n  - name: thing\n"));

        Assert.Contains("demo/sensors/s.yaml:4:11: error duplicate-ref: trigger type 'demo.thing' is already defined in triggers/t.yaml; this definition is ignored", Lines(result.Diagnostics));
        Assert.Single(result.Pack.TriggerTypes);
    }

    [Fact]
    public void Load_UnknownFoldersAndStrayFiles_WarnOnce()
    {
        var result = Load(
            ("etc/a.yaml", "name: [unclosed\n"),
            ("etc/notes.yaml", "anything: goes\n"),
            ("config.yaml", "a: 1\n"),
            ("actions/workflows/orphan.yaml", "version: 1.0\n"));

        Assert.Equal(
            [
                "demo/actions/workflows/orphan.yaml:1:1: warning unreferenced-file: no action names this file as its entry_point, so it is not used",
                "demo/config.yaml:1:1: warning unsupported-content: 'config.yaml' is not part of a pack's layout (pack.yaml, config.schema.yaml, actions/, aliases/, policies/, rules/, sensors/, triggers/); it is ignored",
                "demo/etc:1:1: warning unsupported-content: folder 'etc/' is not loaded: it is not part of a pack's layout",
            ],
            Lines(result.Diagnostics));
        Assert.Equal(WorkflowFileKind.Unreferenced, Assert.Single(result.Pack.Workflows).Kind);
    }

    [Fact]
    public void Load_ActionAliases_AreLoadedAsData()
    {
        var result = Load(
            ("aliases/remote.yaml", "name: remote_shell_cmd\naction_ref: core.remote\ndescription: Run on hosts.\nformats:\n  - \"run {{cmd}} on {{hosts}}\"\n  - display: \"ssh {{hosts}}\"\n    representation: [\"ssh {{hosts}} {{cmd}}\"]\nack:\n  format: working\n"),
            ("aliases/bad.yaml", "name: bad\nformats: [1]\n"));

        var alias = Assert.Single(result.Pack.Aliases);
        Assert.Equal("demo.remote_shell_cmd", alias.Ref);
        Assert.Equal("core.remote", alias.ActionRef);
        Assert.True(alias.Enabled);
        Assert.Equal(2, alias.Formats.Count);
        Assert.Equal("working", alias.Ack!["format"]);
        Assert.Equal(
            [
                "demo/aliases/bad.yaml:1:1: error missing-field: action alias 'demo.bad' is missing the required field 'action_ref'",
                "demo/aliases/bad.yaml:2:11: error wrong-type: action alias 'demo.bad': format 0 must be a string or a mapping with display and representation, not an integer (1)",
            ],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_TenMegabyteFile_IsRefusedUnread()
    {
        var huge = new StringBuilder("name: big\nrunner_type: noop\ndescription: ").Append('x', 10 * 1024 * 1024).Append('\n').ToString();

        var result = Load(("actions/big.yaml", huge), ("actions/run.yaml", LocalAction));

        Assert.Equal(["demo/actions/big.yaml:1:1: error file-too-large: the file is 10485802 bytes; pack files may be at most 4194304 bytes, so it was not read"], Lines(result.Diagnostics));
        Assert.Equal("demo.run", Assert.Single(result.Pack.Actions).Ref);
    }

    [Fact]
    public void Load_DeeplyNestedYaml_ReportsDepthWithoutCrashing()
    {
        // The root mapping is level 1, so the 100th '[' (column 16 + 99) is the first one too deep.
        var deep = "name: deep\nrunner_type: noop\noutput_schema: " + new string('[', 50_000) + new string(']', 50_000) + "\n";

        var result = Load(("actions/deep.yaml", deep));

        Assert.Equal(["demo/actions/deep.yaml:3:115: error yaml-depth: the document is nested more than 100 levels deep"], Lines(result.Diagnostics));
        Assert.Empty(result.Pack.Actions);
    }

    [Fact]
    public void Load_YamlAliasBomb_IsStoppedAtTheNodeBudget()
    {
        var bomb = new StringBuilder("name: bomb\nrunner_type: noop\nlol0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append("lol").Append(i).Append(": &a").Append(i).Append(" [");
            bomb.AppendJoin(", ", Enumerable.Repeat("*a" + (i - 1), 10));
            bomb.Append("]\n");
        }

        var result = Load(("actions/bomb.yaml", bomb.ToString()));

        // lol0..lol4 expand to about 123,000 nodes; lol5 (line 8) would add 1.1 million, past the 1 million budget.

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("yaml-alias-bomb", diagnostic.Code);
        Assert.Equal(("demo/actions/bomb.yaml", 8), (diagnostic.File, diagnostic.Line));
        Assert.StartsWith("expanding alias '*a", diagnostic.Message, StringComparison.Ordinal);
        Assert.Empty(result.Pack.Actions);
    }

    [Fact]
    public void Load_UnreadableFile_ReportsWhy()
    {
        var result = PackLoader.Load(new UnreadableSource());

        Assert.Contains("broken/actions/a.yaml:1:1: error file-unreadable: the file could not be read: disk on fire", Lines(result.Diagnostics));
    }

    [Fact]
    public void Load_TooManyFiles_StopsListingAndSaysSo()
    {
        var files = Enumerable.Range(0, 30).Select(i => ($"actions/a{i:00}.yaml", $"name: a{i:00}\nrunner_type: noop\n")).ToArray();

        var result = PackLoader.Load(Source(files), new PackLoadOptions { MaxFiles = 11 });

        Assert.Equal(["demo:1:1: error too-many-files: the pack holds 31 files; only the first 11 are looked at"], Lines(result.Diagnostics));
        Assert.Equal(10, result.Pack.Actions.Count);
    }

    private sealed class UnreadableSource : IPackSource
    {
        public string Location => "broken";

        public string FolderName => "broken";

        public IReadOnlyList<PackFileInfo> ListFiles() => [new("pack.yaml", 10), new("actions/a.yaml", 10)];

        public bool Exists(string relativePath) => false;

        public bool TryReadText(string relativePath, out string text, out string error)
        {
            text = relativePath == "pack.yaml" ? PackYaml : string.Empty;
            error = "disk on fire";
            return relativePath == "pack.yaml";
        }
    }
}
