using static ServerlessFlow.Core.Tests.Packs.PackFixture;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Tests.Packs;

/// <summary>A pack's <c>policies/</c> folder, loaded as data and checked against StackStorm's policy types (st2's
/// <c>policies/meta/*.yaml</c>); policy files as in st2's <c>hello_st2</c> pack.</summary>
public sealed class PolicyLoadingTests
{
    private const string Action = "name: greet\nrunner_type: local-shell-cmd\nparameters:\n  cmd: {default: echo hi}\n";

    [Fact]
    public void Load_ConcurrencyAndRetryPolicies_ReadWithTheTypesDefaults()
    {
        var result = Load(
            ("actions/greet.yaml", Action),
            ("policies/policy1.yaml", "---\nname: greet.concurrency\npack: demo\ndescription: Limits the concurrent executions of the greet action.\nenabled: true\nresource_ref: demo.greet\npolicy_type: action.concurrency\nparameters:\n    threshold: 10\n"),
            ("policies/retry.yaml", "name: http.retry\nresource_ref: demo.greet\npolicy_type: action.retry\nparameters:\n    retry_on: timeout\n    delay: 2\n"));

        Assert.Empty(Lines(result.Diagnostics));
        var concurrency = result.Pack.Policies.Single(p => p.Name == "greet.concurrency");
        Assert.Equal("demo.greet.concurrency", concurrency.Ref);
        Assert.Equal("action.concurrency", concurrency.PolicyType);
        Assert.Equal(new Dictionary<string, object?> { ["threshold"] = 10L, ["action"] = "delay" }, concurrency.Parameters);
        var retry = result.Pack.Policies.Single(p => p.Name == "http.retry");
        Assert.Equal(new Dictionary<string, object?> { ["retry_on"] = "timeout", ["delay"] = 2L, ["max_retry_count"] = 2L }, retry.Parameters);

        var catalog = PackCatalog.Create([result]);
        Assert.False(catalog.HasErrors);
        Assert.Equal(["demo.greet.concurrency", "demo.http.retry"], catalog.PoliciesFor("demo.greet").Select(p => p.Ref));
    }

    [Fact]
    public void Load_BadPolicies_EachProblemNamedWithItsLine()
    {
        var result = Load(
            ("actions/greet.yaml", Action),
            ("policies/a.yaml", "name: a\nresource_ref: demo.greet\npolicy_type: action.throttle\n"),
            ("policies/b.yaml", "name: b\nresource_ref: demo.greet\npolicy_type: action.concurrency\nparameters:\n  action: drop\n"),
            ("policies/c.yaml", "name: c\nresource_ref: demo.greet\npolicy_type: action.retry\nparameters:\n  retry_on: failure\n  max_retry_count: 9\n  tries: 1\n"),
            ("policies/d.yaml", "name: d\npolicy_type: action.concurrency.attr\nparameters:\n  threshold: '2'\n  attributes: [x]\n"));

        Assert.Equal(
            [
                "demo/policies/a.yaml:3:14: error invalid-value: policy 'demo.a': policy type 'action.throttle' does not exist (known: action.concurrency, action.concurrency.attr, action.retry)",
                "demo/policies/b.yaml:5:3: error parameter-schema: policy 'demo.b': action.concurrency needs the parameter 'threshold'",
                "demo/policies/b.yaml:5:11: error parameter-schema: policy 'demo.b': parameter 'action' must be one of 'delay', 'cancel', not 'drop'",
                "demo/policies/c.yaml:6:20: error parameter-schema: policy 'demo.c': parameter 'max_retry_count' must be at most 5, not 9",
                "demo/policies/c.yaml:7:10: error parameter-schema: policy 'demo.c': 'tries' is not a parameter of action.retry (it takes: retry_on, max_retry_count, delay)",
                "demo/policies/d.yaml:1:1: error missing-field: policy 'demo.d' is missing the required field 'resource_ref'",
                "demo/policies/d.yaml:4:14: error parameter-schema: policy 'demo.d': parameter 'threshold' must be an integer, not a string ('2')",
            ],
            Lines(result.Diagnostics));
    }

    [Fact]
    public void Create_PolicyOnMissingAction_IsAnError()
    {
        var result = Load(("actions/greet.yaml", Action), ("policies/p.yaml", "name: p\nresource_ref: demo.gret\npolicy_type: action.concurrency\nparameters: {threshold: 2}\n"));
        var catalog = PackCatalog.Create([result]);
        Assert.Contains("demo/policies/p.yaml:2:15: error unresolved-action: policy 'demo.p': action 'demo.gret' does not exist in pack 'demo'", Lines(catalog.Diagnostics));
        Assert.Empty(catalog.PoliciesFor("demo.gret"));
    }
}
