using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.ActionChains;

/// <summary>
/// The chain definition checks <c>sflow pack validate</c> reports with a path per problem: StackStorm stops at the first
/// (its messages are golden-tested in <see cref="ActionChainGoldenTests"/>), the validator collects them all.
/// </summary>
public sealed class ActionChainSpecTests
{
    private static object? Yaml(string text) => YamlValueReader.Read(text).Value;

    [Fact]
    public void Check_ValidChain_NoProblems()
    {
        const string text = """
            vars: {greeting: hi}
            chain:
              - name: c1
                ref: core.local
                params: {cmd: "echo {{greeting}}"}
                on-success: c2
                on-failure: "{{ next_node }}"
              - name: c2
                ref: core.noop
                description: later nodes may carry properties the schema does not list, as st2's examples do
            """;

        Assert.Empty(ActionChainSpec.Check(Yaml(text), "chain.yaml"));
        ActionChainSpec spec = ActionChainSpec.Parse(text, "chain.yaml");
        Assert.Equal("c1", spec.Default);
        Assert.Equal("hi", spec.Vars["greeting"]);
        Assert.Equal("{{ next_node }}", spec.FindNode("c1")!.OnFailure);
    }

    [Fact]
    public void Check_SeveralBadNodes_EveryProblemWithItsPath()
    {
        const string text = """
            chain:
              - name: c1
                ref: core.local
                color: blue
              - name: 2
                ref: core.noop
              - ref: core.noop
                publish: [a]
            """;

        IReadOnlyList<ActionChainProblem> problems = ActionChainSpec.Check(Yaml(text), "chain.yaml");

        Assert.Equal(
            [
                new ActionChainProblem("chain[0].color", "Additional properties are not allowed ('color' was unexpected)"),
                new ActionChainProblem("chain[1].name", "2 is not of type 'string'"),
                new ActionChainProblem("chain[2]", "'name' is a required property"),
                new ActionChainProblem("chain[2].publish", "['a'] is not of type 'object'"),
            ],
            problems);
    }

    [Fact]
    public void Check_DanglingNames_OneProblemPerReference()
    {
        const string text = """
            default: c9
            chain:
              - name: c1
                ref: core.local
                on-success: c2
                on-failure: c4
            """;

        IReadOnlyList<ActionChainProblem> problems = ActionChainSpec.Check(Yaml(text), "chain.yaml");

        Assert.Equal(
            [
                new ActionChainProblem("chain[0].on-success", "Unable to find node with name \"c2\" referenced in \"on-success\" in task \"c1\"."),
                new ActionChainProblem("chain[0].on-failure", "Unable to find node with name \"c4\" referenced in \"on-failure\" in task \"c1\"."),
                new ActionChainProblem("default", "Unable to find node with name \"c9\" referenced in \"default\"."),
            ],
            problems);
    }

    [Theory]
    [InlineData("- just a list", "", "The action chain definition must be a mapping, not a list.")]
    [InlineData("vars: {}", "", "'chain' is a required property")]
    [InlineData("chain: {c1: x}", "chain", "{'c1': 'x'} is not of type 'array'")]
    [InlineData("chain: []", "chain", "Failed to find default node in chain.yaml.")]
    [InlineData("chain: [{name: c1, ref: a.b}]\nvars: [1]", "vars", "[1] is not of type 'object'")]
    [InlineData("chain: [{name: c1, ref: a.b, params: {x: 1}, parameters: {y: 2}}]", "chain[0]", "Either \"params\" or \"parameters\" attribute needs to be provided, but not both")]
    public void Check_BadShape_StackStormsMessage(string text, string path, string message) =>
        Assert.Equal([new ActionChainProblem(path, message)], ActionChainSpec.Check(Yaml(text), "chain.yaml"));

    [Fact]
    public void Parse_BadChain_ThrowsTheFirstProblem()
    {
        var e = Assert.Throws<ActionChainSpecException>(() => ActionChainSpec.Parse("chain:\n  - name: c1\n    ref: a.b\n    on-success: c7\n    on-failure: c8\n", "chain.yaml"));
        Assert.Equal("Unable to find node with name \"c7\" referenced in \"on-success\" in task \"c1\".", e.Message);
    }

    [Fact]
    public void Parse_NoDefault_FirstNodeNoOtherNodeNames()
    {
        ActionChainSpec spec = ActionChainSpec.Parse("chain:\n  - {name: c1, ref: a.b}\n  - {name: c2, ref: a.b, on-success: c1}\n", "chain.yaml");
        Assert.Equal("c2", spec.Default);
    }
}
