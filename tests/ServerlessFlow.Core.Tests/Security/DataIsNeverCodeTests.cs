using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Rules.Parameters;
using ServerlessFlow.Core.Rules.Templates;
using ServerlessFlow.Core.Tests.Expressions.Jinja;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Security;

/// <summary>Issue #12, finding 1, at the engine: a value that comes from outside (context data, a task result, a workflow's
/// given input, a key-value pair) is never evaluated as an expression, whatever it holds and however deep it sits.</summary>
public sealed class DataIsNeverCodeTests
{
    private static readonly ExpressionEngine Engine = new();

    public static TheoryData<string> Payloads() => new()
    {
        "{{ 7*7 }}",
        "<% 7*7 %>",
        "{% if true %}yes{% endif %}",
        "{% raw %}{{ 1 }}{% endraw %}",
        "{0}",
        "<% ctx().other %> and {{ ctx('other') }}",
        "{{ st2kv.system.secret | decrypt_kv }}",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void Evaluate_ValueHoldingExpression_ComesBackAsItIs(string payload)
    {
        var scope = Scope(payload);

        Assert.Equal(payload, Engine.Evaluate("<% ctx().msg %>", scope));
        Assert.Equal(payload, Engine.Evaluate("{{ ctx('msg') }}", scope));
        Assert.Equal($"[{payload}]", Engine.Evaluate("[<% ctx().msg %>]", scope));
        Assert.Equal($"[{payload}]", Engine.Evaluate("[{{ ctx('msg') }}]", scope));
        Assert.Equal($"{payload}|other", Engine.Evaluate("<% ctx().msg %>|<% ctx().other %>", scope));
        Assert.Equal($"{payload}|other", Engine.Evaluate("{{ ctx('msg') }}|{{ ctx('other') }}", scope));
        Assert.Equal($"<{payload}>", Engine.Evaluate("{% if true %}<{{ ctx('msg') }}>{% endif %}", scope));
        Assert.Equal($"{{{{ raw }}}} {payload}", Engine.Evaluate("{% raw %}{{ raw }}{% endraw %} {{ ctx('msg') }}", scope));
        Assert.Equal(payload, Engine.EvaluateJinja("{{ ctx('msg') }}", scope));
        Assert.Equal($"x {payload}", Engine.RenderJinja("x {{ ctx('msg') }}", scope));
    }

    [Fact]
    public void RenderValue_DeepValueHoldingExpression_ComesBackAsItIs()
    {
        var nested = JsonText.Parse("""{"a": [{"b": "<% 7*7 %>"}, "{{ 7*7 }}"]}""");
        var scope = new ExpressionScope(new Dictionary<string, object?> { ["deep"] = nested });

        var rendered = Engine.RenderValue(new Dictionary<string, object?> { ["x"] = "<% ctx().deep %>", ["y"] = "<% ctx().deep.a[0].b %>!" }, scope);

        Assert.Equal("""{"x":{"a":[{"b":"<% 7*7 %>"},"{{ 7*7 }}"]},"y":"<% 7*7 %>!"}""", JsonText.Serialize(rendered));
    }

    [Fact]
    public void Evaluate_KeyValueHoldingExpression_ComesBackAsItIs()
    {
        var keys = new FakeKeyValueLookup(new Dictionary<string, object?>
        {
            ["system"] = new Dictionary<string, object?> { ["tmpl"] = "<% 7*7 %>", ["jtmpl"] = "{{ 7*7 }}" },
        });
        var scope = new ExpressionScope(new Dictionary<string, object?>()) { KeyValues = keys };

        Assert.Equal("<% 7*7 %>", Engine.Evaluate("<% st2kv('system.tmpl') %>", scope));
        Assert.Equal("{{ 7*7 }}", Engine.Evaluate("{{ st2kv.system.jtmpl }}", scope));
        Assert.Equal("v={{ 7*7 }}", Engine.RenderJinja("v={{ st2kv.system.jtmpl }}", scope));
    }

    [Fact]
    public void Conductor_GivenInputAndTaskResultHoldingExpressions_StayData()
    {
        const string yaml = """
            version: 1.0
            input:
              - msg
              - fallback: <% 6*7 %>
            tasks:
              task1:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - out: <% result().stdout %>
                      - text: "said {{ result().stdout }}"
            output:
              - msg: <% ctx().msg %>
              - fallback: <% ctx().fallback %>
              - out: <% ctx().out %>
              - text: <% ctx().text %>
            """;
        var conductor = new WorkflowConductor(WorkflowSpec.Parse(yaml), EngineExpressionEvaluator.Default, new Dictionary<string, object?> { ["msg"] = "<% 7*7 %>" });
        conductor.RequestWorkflowStatus(WorkflowStatuses.Running);
        Assert.Single(conductor.GetNextTasks());

        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("running"));
        conductor.UpdateTaskState("task1", 0, new ExecutionEvent("succeeded", new Dictionary<string, object?> { ["stdout"] = "{{ 7*7 }}" }));
        conductor.RenderWorkflowOutput();

        Assert.Equal("succeeded", conductor.Status);
        Assert.Equal("""{"msg":"<% 7*7 %>","fallback":42,"out":"{{ 7*7 }}","text":"said {{ 7*7 }}"}""", JsonText.Serialize(conductor.Output));
    }

    [Fact]
    public void RuleParameters_ObjectWithJsonBreakingValue_KeepsValueInItsPlace()
    {
        var renderer = new ActionParameterRenderer(new JinjaRuleTemplateRenderer());
        var payload = new Dictionary<string, object?> { ["body"] = new Dictionary<string, object?> { ["msg"] = "\", \"admin\": true, \"x\": \"{{ 7*7 }}", ["n"] = 3L } };

        var rendered = renderer.Render(
            new Dictionary<string, object?>
            {
                ["options"] = new Dictionary<string, object?> { ["note"] = "{{ trigger.body.msg }}", ["count"] = "{{n}}", ["list"] = new List<object?> { "a {{ trigger.body.msg }}" } },
                ["n"] = "{{ trigger.body.n }}",
            },
            null,
            new ParameterContext(payload, new Dictionary<string, object?>(), new Dictionary<string, object?>(), null));

        Assert.Equal(
            """{"note":"\", \"admin\": true, \"x\": \"{{ 7*7 }}","count":"3","list":["a \", \"admin\": true, \"x\": \"{{ 7*7 }}"]}""",
            JsonText.Serialize(rendered.Values["options"]));
    }

    private static ExpressionScope Scope(string payload) =>
        new(new Dictionary<string, object?> { ["msg"] = payload, ["other"] = "other" })
        {
            KeyValues = new FakeKeyValueLookup(new Dictionary<string, object?> { ["system"] = new Dictionary<string, object?> { ["secret"] = "s" } }),
        };
}
