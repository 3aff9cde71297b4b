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

    [SkippableTheory]
    [MemberData(nameof(InspectionCases))]
    public void Inspection_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [SkippableTheory]
    [MemberData(nameof(TraceCases))]
    public void Trace_CorpusCase_MatchesOrquesta(string id) => AssertConforms(id);

    [SkippableTheory]
    [MemberData(nameof(RunCases))]
    [MemberData(nameof(RerunCases))]
    [MemberData(nameof(TraceCases))]
    public void Conductor_SerializedAfterEveryEvent_SameResults(string id)
    {
        Skip.IfNot(OrquestaCorpus.IsPresent, OrquestaCorpus.MissingReason);
        var problems = OrquestaCaseRunner.Run(id, roundTripEveryEvent: true);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [SkippableFact]
    public void Corpus_AllKinds_PrintsPassCounts()
    {
        Skip.IfNot(OrquestaCorpus.IsPresent, OrquestaCorpus.MissingReason);
        var total = 0;
        foreach (var kind in new[] { "run", "rerun", "inspection", "trace" })
        {
            var ids = OrquestaCorpus.CaseIds(kind).ToList();
            var failing = ids.Where(id => OrquestaCaseRunner.Run(id).Count > 0).ToList();
            _output.WriteLine($"{kind}: {ids.Count - failing.Count}/{ids.Count} pass");
            foreach (var id in failing)
            {
                _output.WriteLine("  failing: " + id);
            }

            Assert.Empty(failing);
            total += ids.Count;
        }

        Assert.Equal(334, total);
    }

    private static void AssertConforms(string id)
    {
        Skip.IfNot(OrquestaCorpus.IsPresent, OrquestaCorpus.MissingReason);
        var problems = OrquestaCaseRunner.Run(id);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
