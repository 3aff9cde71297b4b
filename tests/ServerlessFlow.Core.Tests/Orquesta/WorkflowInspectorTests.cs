using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Specs;

namespace ServerlessFlow.Core.Tests.Orquesta;

public sealed class WorkflowInspectorTests
{
    private static WorkflowInspection Inspect(string yaml, params string[] appContext) =>
        WorkflowInspector.Inspect(WorkflowSpec.Parse(yaml), EngineExpressionEvaluator.Default, appContext);

    [Fact]
    public void Inspect_ValidWorkflow_NoErrors()
    {
        Assert.True(Inspect("version: 1.0\ninput:\n  - a\ntasks:\n  t1:\n    action: core.echo message=<% ctx().a %>\n").IsValid);
    }

    [Fact]
    public void Inspect_ReservedNameAndUndefinedTask_SemanticErrorsWithPaths()
    {
        var inspection = Inspect("tasks:\n  noop:\n    action: a\n  t1:\n    action: a\n    next:\n      - do: t9\n");
        var errors = inspection.Errors[InspectionCategories.Semantics];
        Assert.Contains(errors, e => e.SpecPath == "tasks.noop" && e.Message.Contains("reserved", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.SpecPath == "tasks.t1.next[0].do" && e.Message == "The task \"t9\" is not defined.");
    }

    [Fact]
    public void Inspect_VariableReadBeforeAssignment_ContextError()
    {
        var inspection = Inspect("tasks:\n  t1:\n    action: a\n    input:\n      x: <% ctx().later %>\n    next:\n      - publish: later=1\n");
        var error = Assert.Single(inspection.Errors[InspectionCategories.Context]);
        Assert.Equal("tasks.t1.input", error.SpecPath);
        Assert.Equal("Variable \"later\" is referenced before assignment.", error.Message);
    }

    [Fact]
    public void Inspect_AppContextVariable_IsDefined()
    {
        const string yaml = "tasks:\n  t1:\n    action: a\n    input:\n      x: <% ctx().st2.user %>\n";
        Assert.False(Inspect(yaml).IsValid);
        Assert.True(Inspect(yaml, "st2").IsValid);
    }

    [Fact]
    public void Inspect_MissingTasksAndBadJoin_SyntaxErrors()
    {
        Assert.Equal("required", Assert.Single(Inspect("version: 1.0\n").Errors[InspectionCategories.Syntax]).SchemaPath);
        var join = Assert.Single(Inspect("tasks:\n  t1:\n    action: a\n    join: some\n").Errors[InspectionCategories.Syntax]);
        Assert.Equal("tasks.t1.join", join.SpecPath);
    }
}
