using ServerlessFlow.Core.Mistral;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Rehearsal;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Mistral;

/// <summary><c>sflow workflow convert</c>: StackStorm's own Mistral examples converted into Orquesta, checked by Orquesta's
/// inspection and, where StackStorm ported the same workflow to Orquesta itself, against that port.</summary>
public sealed class MistralConverterTests
{
    private static readonly string[] AppContext = ["st2", "parent"];

    private static string Example(string name) => File.ReadAllText(Path.Combine(System.AppContext.BaseDirectory, "Mistral", "st2-examples", name + ".yaml"));

    private static MockActionExecution Mock(string task, object? result) =>
        MockActionExecution.FromValue(new Dictionary<string, object?> { ["task"] = task, ["result"] = result });

    private static WorkflowInspection Inspect(string orquesta) =>
        WorkflowInspector.Inspect(WorkflowSpec.Parse(orquesta), EngineExpressionEvaluator.Default, AppContext);

    [SkippableTheory]
    [InlineData("mistral-basic")]
    [InlineData("mistral-jinja-branching")]
    [InlineData("mistral-repeat-with-items")]
    [InlineData("mistral-join")]
    [InlineData("mistral-with-items-concurrency")]
    [InlineData("mistral-handle-error")]
    [InlineData("mistral-yaql-st2kv-system-scope")]
    public void Convert_StackStormExample_CompleteAndPassesOrquestaInspection(string name)
    {
        var conversion = MistralConverter.Convert(Example(name));

        Assert.True(conversion.Complete, string.Join("; ", conversion.Notes.Select(n => n.Message)));
        var inspection = Inspect(conversion.OrquestaYaml);
        Assert.True(inspection.IsValid, string.Join("; ", inspection.All.Select(e => e.Error.Message)) + "\n" + conversion.OrquestaYaml);
    }

    [SkippableFact]
    public void Convert_Basic_BehavesAsStackStormsOwnOrquestaPort()
    {
        var converted = WorkflowSpec.Parse(MistralConverter.Convert(Example("mistral-basic")).OrquestaYaml);
        var st2Port = WorkflowSpec.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.St2Examples, "actions", "workflows", "orquesta-basic.yaml")));
        var inputs = new Dictionary<string, object?> { ["cmd"] = "date", ["timeout"] = 60L };
        MockActionExecution[] Mocks() => [Mock("task1", new Dictionary<string, object?> { ["stdout"] = "Mon", ["stderr"] = string.Empty })];

        var ours = WorkflowRehearsal.Run(converted, EngineExpressionEvaluator.Default, inputs, Mocks());
        var theirs = WorkflowRehearsal.Run(st2Port, EngineExpressionEvaluator.Default, inputs, Mocks());

        Assert.True(ours.Status == "succeeded", ours.Status + " " + JsonText.Serialize(ours.Errors.Select(e => (object?)e).ToList()));
        Assert.Equal(theirs.Status, ours.Status);
        Assert.Equal(theirs.Output, ours.Output);
        Assert.Equal(new Dictionary<string, object?> { ["stdout"] = "Mon" }, ours.Output);
    }

    [SkippableFact]
    public void Convert_BranchOnPublishedVariable_ConditionReadsThePublishedExpression()
    {
        var yaml = MistralConverter.Convert(Example("mistral-jinja-branching")).OrquestaYaml;

        // Mistral publishes 'path' before evaluating on-success; Orquesta evaluates 'when' first.
        Assert.Contains("when: \"{{ succeeded() and ((result().stdout) == 'a') }}\"", yaml, StringComparison.Ordinal);
        var spec = WorkflowSpec.Parse(yaml);
        var run = WorkflowRehearsal.Run(spec, EngineExpressionEvaluator.Default, new Dictionary<string, object?> { ["which"] = "b" },
            [Mock("t1", new Dictionary<string, object?> { ["stdout"] = "b" }), Mock("b", null)]);
        Assert.True(run.Status == "succeeded", run.Status + " " + JsonText.Serialize(run.Errors.Select(e => (object?)e).ToList()));
        Assert.Equal(["t1", "b"], run.Sequence.Select(s => s.Split('_')[0]).Where(s => s is "t1" or "a" or "b" or "c").ToList());
    }

    [SkippableFact]
    public void Convert_WithItems_ItemVariableBecomesItem()
    {
        var yaml = MistralConverter.Convert(Example("mistral-repeat-with-items")).OrquestaYaml;
        Assert.Contains("cmd: <% item(cmd) %>", yaml, StringComparison.Ordinal);
        Assert.Contains("items: cmd in <% ctx().cmds %>", yaml, StringComparison.Ordinal);
        Assert.Contains("- result: <% result().select($.stdout) %>", yaml, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void Convert_WorkbookWithSubWorkflow_SaysLineByLineWhatIsLeft()
    {
        var conversion = MistralConverter.Convert(Example("mistral-handle-retry"));

        Assert.Equal("main", conversion.WorkflowName);
        var note = Assert.Single(conversion.Notes);
        Assert.Equal(new SourcePosition(23, 17), note.Position);
        Assert.Equal("'workflow: work' runs a workflow of the same workbook: convert 'work' into its own Orquesta action and name it here", note.Message);
        Assert.Contains("#   line 23: 'workflow: work'", conversion.OrquestaYaml, StringComparison.Ordinal);
        Assert.Equal(["main", "work"], MistralConverter.WorkflowNames(Example("mistral-handle-retry")));
        Assert.True(MistralConverter.Convert(Example("mistral-handle-retry"), "work").Notes.Count == 0);
    }

    [SkippableFact]
    public void Convert_ReverseWorkflowAndEnvironment_AreNotedNotGuessed()
    {
        var reverse = MistralConverter.Convert(Example("mistral-reverse-basic"));
        Assert.Contains(reverse.Notes, n => n.Message.StartsWith("a 'reverse' workflow", StringComparison.Ordinal));

        var env = MistralConverter.Convert(Example("mistral-env-var"));
        var note = Assert.Single(env.Notes);
        Assert.Equal(6, note.Position.Line);
        Assert.Contains("'env()'", note.Message, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("<% $.a + $.b %>", "<% ctx().a + ctx().b %>")]
    [InlineData("<% $ %>", "<% ctx() %>")]
    [InlineData("<% $.xs.select($.name) %>", "<% ctx().xs.select($.name) %>")]
    [InlineData("<% '$.not' + $.yes %>", "<% '$.not' + ctx().yes %>")]
    [InlineData("{{ _.a ~ my_var._b }}", "{{ ctx().a ~ my_var._b }}")]
    [InlineData("<% env().st2_execution_id %>", "<% ctx().st2.action_execution_id %>")]
    [InlineData("<% $.__env.st2_action_api_url %>", "<% ctx().st2.api_url %>")]
    [InlineData("<% execution().id %>", "<% ctx().st2.action_execution_id %>")]
    [InlineData("<% task(other).result.x %>", "<% task('other').result.x %>")]
    [InlineData("<% st2kv('system.k') %>", "<% st2kv('system.k') %>")]
    public void Convert_Expressions_MappedOneToOne(string mistral, string orquesta)
    {
        var notes = new List<string>();
        Assert.Equal(orquesta, new MistralExpressionConverterProbe(notes).Convert(mistral));
        Assert.Empty(notes);
    }

    [SkippableFact]
    public void Convert_InlineParameters_SplitWithExpressionsAndQuotes()
    {
        var conversion = MistralConverter.Convert("""
            version: '2.0'
            wf:
              tasks:
                t:
                  action: core.local cmd="echo a b" timeout=<% $.t * 2 %> sudo=true
            """);
        Assert.Contains("cmd: echo a b", conversion.OrquestaYaml, StringComparison.Ordinal);
        Assert.Contains("timeout: <% ctx().t * 2 %>", conversion.OrquestaYaml, StringComparison.Ordinal);
        Assert.Contains("sudo: true", conversion.OrquestaYaml, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("version: 1.0\ntasks: {}\n", "Not a Mistral v2 workflow")]
    [InlineData("version: '2.0'\n", "holds no Mistral workflow")]
    [InlineData("version: '2.0'\na: {tasks: {}}\nb: {tasks: {}}\n", "name the one to convert")]
    public void Convert_NotConvertible_ThrowsClearError(string yaml, string expected)
    {
        var ex = Assert.Throws<MistralConversionException>(() => MistralConverter.Convert(yaml));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Reaches the internal expression converter the way the workflow converter uses it.</summary>
    private sealed class MistralExpressionConverterProbe(List<string> notes)
    {
        public string Convert(string text) =>
            MistralConverter.Convert($"version: '2.0'\nwf:\n  tasks:\n    other:\n      action: core.noop\n    t:\n      action: core.noop\n      input:\n        v: \"{text.Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n")
                is var c && c.Notes.Count > 0 ? string.Join(";", c.Notes.Select(n => { notes.Add(n.Message); return n.Message; }))
                : ExtractInput(c.OrquestaYaml);

        private static string ExtractInput(string yaml) =>
            (string)((Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)YamlValueReader.Read(yaml).Value!)["tasks"]!)["t"]!)["input"]!)["v"]!;
    }
}
