using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Security;

/// <summary>Issue #12, finding 2, at the engine: a value an expression puts inside a workflow task's shell command reaches the
/// shell as one quoted argument (an environment variable), in every quoting context, in YAQL and Jinja.</summary>
public sealed class ShellCommandTests
{
    private static readonly EngineExpressionEvaluator Evaluator = new(isShellCommandAction: action => action == "core.local");

    private static ExpressionScope Scope => new(new Dictionary<string, object?> { ["msg"] = "x; rm -rf /", ["n"] = 3L, ["cmd"] = "date -u" });

    [Theory]
    [InlineData("echo <% ctx().msg %>", "echo \"${SFLOW_TASK_0}\"")]
    [InlineData("echo \"<% ctx().msg %>\" done", "echo \"${SFLOW_TASK_0}\" done")]
    [InlineData("echo '<% ctx().msg %>'", "echo ''\"${SFLOW_TASK_0}\"''")]
    [InlineData("echo {{ ctx('msg') }} {{ ctx('n') }}", "echo \"${SFLOW_TASK_0}\" \"${SFLOW_TASK_1}\"")]
    [InlineData("echo \"a\\\"b <% ctx().msg %>\" '<% ctx().n %>'", "echo \"a\\\"b ${SFLOW_TASK_0}\" ''\"${SFLOW_TASK_1}\"''")]
    public void RenderActionInput_ExpressionInShellCommand_BecomesQuotedVariable(string cmd, string expected)
    {
        var input = (Dictionary<string, object?>)Evaluator.RenderActionInput("core.local", new Dictionary<string, object?> { ["cmd"] = cmd, ["timeout"] = "<% ctx().n %>" }, Scope)!;

        Assert.Equal(expected, input["cmd"]);
        Assert.Equal(3L, input["timeout"]);
        var env = (Dictionary<string, object?>)input["env"]!;
        Assert.Equal("x; rm -rf /", env["SFLOW_TASK_0"]);
    }

    [Fact]
    public void RenderActionInput_AuthorEnvironment_IsKeptBesideTheValues()
    {
        var input = (Dictionary<string, object?>)Evaluator.RenderActionInput(
            "core.local",
            new Dictionary<string, object?> { ["cmd"] = "echo $MODE <% ctx().msg %>", ["env"] = new Dictionary<string, object?> { ["MODE"] = "<% ctx().n %>" } },
            Scope)!;

        Assert.Equal("""{"cmd":"echo $MODE \"${SFLOW_TASK_0}\"","env":{"MODE":3,"SFLOW_TASK_0":"x; rm -rf /"}}""", JsonText.Serialize(input));
    }

    [Fact]
    public void RenderActionInput_WholeExpressionCommand_IsTheCommandTheWorkflowWasGiven()
    {
        // st2's orquesta-basic runs `core.local cmd=<% ctx(cmd) %>`: the value is the command, by the author's choice.
        var input = Evaluator.RenderActionInput("core.local", new Dictionary<string, object?> { ["cmd"] = "<% ctx(cmd) %>" }, Scope);

        Assert.Equal("""{"cmd":"date -u"}""", JsonText.Serialize(input));
    }

    [Fact]
    public void RenderActionInput_NotAShellAction_RendersAsOrquestaDoes()
    {
        var input = Evaluator.RenderActionInput("core.http", new Dictionary<string, object?> { ["cmd"] = "echo <% ctx().msg %>" }, Scope);

        Assert.Equal("""{"cmd":"echo x; rm -rf /"}""", JsonText.Serialize(input));
    }

    [Fact]
    public void RenderActionInput_JinjaStatementInShellCommand_IsRefusedWithReason()
    {
        var error = Assert.Throws<ExpressionException>(() => Evaluator.RenderActionInput(
            "core.local", new Dictionary<string, object?> { ["cmd"] = "{% for x in [1] %}rm {{ x }}{% endfor %}" }, Scope));

        Assert.Contains("would become shell code", error.Message, StringComparison.Ordinal);
    }
}
