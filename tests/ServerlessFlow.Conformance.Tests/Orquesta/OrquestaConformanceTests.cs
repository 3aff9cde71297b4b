using Xunit.Abstractions;

namespace ServerlessFlow.Conformance.Tests.Orquesta;

/// <summary>Every case of the Orquesta corpus, one test each, plus a per-kind summary.</summary>
public sealed class OrquestaConformanceTests
{
    private readonly ITestOutputHelper _output;

    public OrquestaConformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public static TheoryData<string> RunCases => OrquestaCorpus.Cases("run");

    public static TheoryData<string> RerunCases => OrquestaCorpus.Cases("rerun");

    public static TheoryData<string> InspectionCases => OrquestaCorpus.Cases("inspection");

    public static TheoryData<string> TraceCases => OrquestaCorpus.Cases("trace");

    [SkippableTheory]
    [MemberData(nameof(RunCases))]
    public void Run_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [SkippableTheory]
    [MemberData(nameof(RerunCases))]
    public void Rerun_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [Theory]
    [MemberData(nameof(InspectionCases))]
    public void Inspection_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [Theory]
    [MemberData(nameof(TraceCases))]
    public void Trace_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [SkippableTheory]
    [MemberData(nameof(RunCases))]
    [MemberData(nameof(RerunCases))]
    [MemberData(nameof(TraceCases))]
    public void Conductor_SerializedAfterEveryEvent_SameResults(string id)
    {
        Skip.If(OrquestaCaseRunner.KnownDivergences.TryGetValue(id, out var why), why);
        var problems = OrquestaCaseRunner.Run(id, roundTripEveryEvent: true);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Corpus_AllKinds_PrintsPassCounts()
    {
        var total = 0;
        foreach (var kind in new[] { "run", "rerun", "inspection", "trace" })
        {
            var ids = OrquestaCorpus.CaseIds(kind).ToList();
            var failing = ids.Where(id => OrquestaCaseRunner.Run(id).Count > 0).ToList();
            _output.WriteLine($"{kind}: {ids.Count - failing.Count}/{ids.Count} pass");
            foreach (var id in failing)
            {
                _output.WriteLine("  failing: " + id + (OrquestaCaseRunner.KnownDivergences.TryGetValue(id, out var why) ? " (known: " + why + ")" : string.Empty));
            }

            Assert.All(failing, id => Assert.True(OrquestaCaseRunner.KnownDivergences.ContainsKey(id), id + " fails and is not a known divergence"));

            Assert.All(OrquestaCaseRunner.KnownDivergences.Keys.Where(ids.Contains), id => Assert.True(failing.Contains(id), id + " now conforms: remove it from KnownDivergences"));
            total += ids.Count;
        }

        Assert.Equal(334, total);
    }

    private static void AssertConforms(string id)
    {
        Skip.If(OrquestaCaseRunner.KnownDivergences.TryGetValue(id, out var why), why);
        var problems = OrquestaCaseRunner.Run(id);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
