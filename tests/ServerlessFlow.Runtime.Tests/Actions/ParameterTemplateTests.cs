using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Runtime.Actions;

namespace ServerlessFlow.Runtime.Tests.Actions;

public sealed class ParameterTemplateTests
{
    private static readonly string[] Names = ["message", "count"];

    private static object? Lookup(string name) => name switch
    {
        "message" => "it's \"quoted\" $(id)",
        "count" => 3L,
        _ => null,
    };

    [Theory]
    [InlineData("echo {{ message }}", "echo \"${SFLOW_PARAM_0}\"")]
    [InlineData("echo \"{{ message }}\"", "echo \"${SFLOW_PARAM_0}\"")]
    [InlineData("echo '{{ message }}'", "echo ''\"${SFLOW_PARAM_0}\"''")]
    [InlineData("echo \"a\\\"b {{message}}\" '{{ count }}' {{ trigger.body.x }}", "echo \"a\\\"b ${SFLOW_PARAM_0}\" ''\"${SFLOW_PARAM_1}\"'' \"${SFLOW_PARAM_2}\"")]
    public void RenderShellCommand_EachQuoteContext_UsesEnvironmentReferences(string template, string expected)
    {
        var templates = new ParameterTemplate(new ExpressionEngine(), null, new Dictionary<string, object?>
        {
            ["trigger"] = new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["x"] = "; reboot" } },
        });
        var (command, environment) = templates.RenderShellCommand(template, "cmd", Names, Lookup);
        Assert.Equal(expected, command);
        Assert.Equal("it's \"quoted\" $(id)", environment["SFLOW_PARAM_0"]);
    }

    [Fact]
    public void RenderShellCommand_Statement_IsRefusedWithReason()
    {
        var templates = new ParameterTemplate(new ExpressionEngine());
        var ex = Assert.Throws<ActionParameterException>(() => templates.RenderShellCommand("{% for i in x %}rm {{ i }}{% endfor %}", "cmd", Names, Lookup));
        Assert.Contains("would become shell code", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_JinjaFilterAndWholeExpression_KeepsTypeOrFormatsText()
    {
        var templates = new ParameterTemplate(new ExpressionEngine());
        Assert.Equal(3L, templates.Render("{{ count }}", "n", Names, Lookup));
        Assert.Equal("n=3 IT'S", templates.Render("n={{ count }} {{ message.split(' ')[0] | upper }}", "x", Names, Lookup));
    }

    [Fact]
    public void Render_UnknownName_ErrorNamesParameter()
    {
        var templates = new ParameterTemplate(new ExpressionEngine());
        var ex = Assert.Throws<ActionParameterException>(() => templates.Render("{{ nope.deeper }}", "target", Names, Lookup));
        Assert.Contains("'target'", ex.Message, StringComparison.Ordinal);
    }
}
