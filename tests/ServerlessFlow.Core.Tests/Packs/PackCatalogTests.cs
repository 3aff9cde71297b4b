using ServerlessFlow.Core.Packs;
using static ServerlessFlow.Core.Tests.Packs.PackFixture;

namespace ServerlessFlow.Core.Tests.Packs;

public class PackCatalogTests
{
    private const string EchoAction = """
        name: echo
        runner_type: local-shell-cmd
        parameters:
          message:
            type: string
            required: true
          cmd:
            type: string
            default: echo {{message}}
            immutable: true
        """;

    private static PackCatalog WithRule(string rule) =>
        Catalog(("actions/echo.yaml", EchoAction), ("rules/r.yaml", rule));

    [Fact]
    public void Create_RuleWithDanglingActionRef_ReportsErrorAtTheRef()
    {
        var catalog = WithRule("name: r\ntrigger:\n  type: core.st2.webhook\n  parameters: {url: x}\naction:\n  ref: demo.ehco\n");

        Assert.Equal(["demo/rules/r.yaml:6:8: error unresolved-action: rule 'demo.r': action 'demo.ehco' does not exist in pack 'demo'"], Lines(catalog.Diagnostics));
        Assert.True(catalog.HasErrors);
    }

    [Fact]
    public void Create_RuleRefsIntoUnloadedPackOrMalformed_WarnsOrErrors()
    {
        var catalog = WithRule("name: r\ntrigger:\n  type: linux.file_watch.line\naction:\n  ref: nodot\n");

        Assert.Equal(
            [
                "demo/rules/r.yaml:3:9: warning unknown-pack: rule 'demo.r': trigger type 'linux.file_watch.line' is in pack 'linux', which is not loaded, so it cannot be checked",
                "demo/rules/r.yaml:5:8: error unresolved-action: rule 'demo.r': the action reference 'nodot' is not formatted correctly; it must be 'pack.name'",
            ],
            Lines(catalog.Diagnostics));
    }

    [Fact]
    public void Create_RuleParametersThatDoNotFit_ReportsMissingAndUnexpected()
    {
        var catalog = WithRule("name: r\ntrigger:\n  type: core.st2.IntervalTimer\n  parameters:\n    delta: soon\n    unit: fortnights\n    every: 2\naction:\n  ref: demo.echo\n  parameters:\n    msg: hi\n");

        Assert.Equal(
            [
                "demo/rules/r.yaml:5:12: error parameter-mismatch: rule 'demo.r': trigger parameter 'delta' must be of type 'integer', not a string ('soon')",
                "demo/rules/r.yaml:6:11: error parameter-mismatch: rule 'demo.r': trigger parameter 'unit' is a string ('fortnights'); it must be one of: weeks, days, hours, minutes, seconds",
                "demo/rules/r.yaml:7:5: error parameter-mismatch: rule 'demo.r': trigger 'core.st2.IntervalTimer' has no parameter 'every' (it takes: timezone, unit, delta)",
                "demo/rules/r.yaml:10:3: error parameter-mismatch: rule 'demo.r': action 'demo.echo' is missing required input 'message'",
                "demo/rules/r.yaml:11:5: error parameter-mismatch: rule 'demo.r': action 'demo.echo' has unexpected input 'msg'",
            ],
            Lines(catalog.Diagnostics));
    }

    [Fact]
    public void Create_RuleSetsImmutableParameter_WarnsThatTheValueIsIgnored()
    {
        var catalog = WithRule("name: r\ntrigger: {type: core.st2.webhook, parameters: {url: x}}\naction:\n  ref: demo.echo\n  parameters:\n    message: hi\n    cmd: rm -rf /\n");

        Assert.Equal(["demo/rules/r.yaml:7:5: warning immutable-parameter-given: rule 'demo.r': input 'cmd' of action 'demo.echo' is immutable, so the value given here is ignored and its default is used"], Lines(catalog.Diagnostics));
        Assert.False(catalog.HasErrors);
    }

    [Fact]
    public void Create_WebhookRuleWithoutUrl_ReportsMissingTriggerParameter()
    {
        var catalog = WithRule("name: r\ntrigger:\n  type: core.st2.webhook\naction:\n  ref: demo.echo\n  parameters: {message: '{{ trigger.body }}'}\n");

        Assert.Equal(["demo/rules/r.yaml:3:3: error parameter-mismatch: rule 'demo.r': trigger 'core.st2.webhook' needs the parameter 'url'"], Lines(catalog.Diagnostics));
    }

    [Fact]
    public void Create_RuleOnPackTriggerType_Resolves()
    {
        var catalog = Catalog(
            ("actions/echo.yaml", EchoAction),
            ("triggers/t.yaml", "name: thing\n"),
            ("rules/r.yaml", "name: r\ntrigger: {type: demo.thing}\naction: {ref: demo.echo, parameters: {message: x}}\n"));

        Assert.Empty(catalog.Diagnostics);
        Assert.Equal("demo.thing", catalog.FindTriggerType("demo.thing")?.Ref);
        Assert.Equal("core.st2.webhook", catalog.FindTriggerType("core.st2.webhook")?.Ref);
        Assert.NotNull(catalog.FindRule("demo.r"));
    }

    [Fact]
    public void Create_WorkflowTaskContents_ChecksRefsAndInputsLikeStackStorm()
    {
        const string workflow = """
            version: 1.0
            tasks:
              t1:
                action: echo
              t2:
                action: demo.nope
              t3:
                action: demo.echo messages="hi <% ctx().x %>"
              t4:
                action: demo.echo
                input:
                  message: hi
                  extra: 1
              t5:
                action: <% ctx().dynamic %>
              t6:
                action: other.thing
              t7:
                action: demo.echo message='fine' cmd=x
            """;
        var loaded = Load(
            ("actions/echo.yaml", EchoAction),
            ("actions/flow.yaml", "name: flow\nrunner_type: orquesta\nentry_point: wf/flow.yaml\n"),
            ("actions/wf/flow.yaml", workflow));

        // No workflow inspector: only st2's task-contents check runs.
        var catalog = PackCatalog.Create([loaded], new PackCatalogOptions { WorkflowInspectors = [] });

        Assert.Equal(
            [
                "demo/actions/wf/flow.yaml:4:13: error unresolved-action: task 't1': the action reference 'echo' is not formatted correctly; it must be 'pack.name'",
                "demo/actions/wf/flow.yaml:6:13: error unresolved-action: task 't2': action 'demo.nope' does not exist in pack 'demo'",
                "demo/actions/wf/flow.yaml:8:13: error parameter-mismatch: task 't3': action 'demo.echo' has unexpected input 'messages'",
                "demo/actions/wf/flow.yaml:8:13: error parameter-mismatch: task 't3': action 'demo.echo' is missing required input 'message'",
                "demo/actions/wf/flow.yaml:13:7: error parameter-mismatch: task 't4': action 'demo.echo' has unexpected input 'extra'",
                "demo/actions/wf/flow.yaml:17:13: warning unknown-pack: task 't6': action 'other.thing' is in pack 'other', which is not loaded, so it cannot be checked",
                "demo/actions/wf/flow.yaml:19:13: warning immutable-parameter-given: task 't7': input 'cmd' of action 'demo.echo' is immutable, so the value given here is ignored and its default is used",
            ],
            Lines(catalog.Diagnostics));
    }

    [Fact]
    public void Create_SamePackTwice_ReportsDuplicateAndKeepsTheFirst()
    {
        var first = Load(("actions/echo.yaml", EchoAction));
        var second = PackLoader.Load(new InMemoryPackSource("elsewhere/demo", new Dictionary<string, string> { ["pack.yaml"] = PackYaml }));

        var catalog = PackCatalog.Create([first, second]);

        Assert.Equal(["elsewhere/demo/pack.yaml:1:1: error duplicate-ref: pack 'demo' is already loaded from demo; this copy is ignored"], Lines(catalog.Diagnostics));
        Assert.Equal("demo", Assert.Single(catalog.Packs).Location);
        Assert.NotNull(catalog.FindAction("demo.echo"));
    }

    [Fact]
    public void Create_WithInspector_HandsItEveryParsedOrquestaWorkflow()
    {
        var loaded = Load(
            ("actions/a.yaml", "name: a\nrunner_type: orquesta\nentry_point: workflows/a.yaml\n"),
            ("actions/b.yaml", "name: b\nrunner_type: orquesta\nentry_point: workflows/b.yaml\n"),
            ("actions/workflows/a.yaml", "version: 1.0\n"),
            ("actions/workflows/b.yaml", "version: [1.0\n"));
        var inspector = new RecordingInspector();

        var catalog = PackCatalog.Create([loaded], new PackCatalogOptions { WorkflowInspectors = [inspector] });

        Assert.Equal(["actions/workflows/a.yaml"], inspector.Seen);
        Assert.Contains("demo/actions/workflows/a.yaml:1:1: error test-inspector: seen", Lines(catalog.Diagnostics));
        Assert.Contains(catalog.Diagnostics, d => d.Code == "yaml-syntax" && d.File == "demo/actions/workflows/b.yaml");
        var broken = loaded.Pack.Workflows.Single(w => w.Path == "actions/workflows/b.yaml");
        Assert.False(broken.IsValidYaml);
        Assert.Equal("version: [1.0\n", broken.Text);
    }

    private sealed class RecordingInspector : IWorkflowInspector
    {
        public List<string> Seen { get; } = [];

        public IEnumerable<PackDiagnostic> Inspect(WorkflowFileSpec workflow, PackCatalog catalog)
        {
            Seen.Add(workflow.Path);
            yield return new PackDiagnostic(DiagnosticSeverity.Error, "test-inspector", workflow.DisplayPath, 1, 1, "seen");
        }
    }
}
