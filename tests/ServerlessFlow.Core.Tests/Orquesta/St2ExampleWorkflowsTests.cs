using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Tests.Orquesta;

/// <summary>Every Orquesta workflow of st2's examples pack passes inspection (with st2's app
/// context), except the one that is broken on purpose, which fails with orquesta's errors.</summary>
public sealed class St2ExampleWorkflowsTests
{
    private static readonly string[] AppContext = ["st2", "parent"];

    public static TheoryData<string> Workflows()
    {
        var data = new TheoryData<string>();
        if (!RepositoryPaths.St2PacksPresent)
        {
            // One row, so the theory runs and says that it skips (reading the packs' path skips it).
            data.Add("(../shared/st2-packs is absent)");
            return data;
        }

        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryPaths.St2Examples, "actions"), "*.yaml").Order(StringComparer.Ordinal))
        {
            if (YamlValueReader.Read(File.ReadAllText(file)).Value is Dictionary<string, object?> meta
                && meta.GetValueOrDefault("runner_type") as string == "orquesta"
                && meta.GetValueOrDefault("entry_point") is string entry)
            {
                data.Add(entry);
            }
        }

        return data;
    }

    private static WorkflowInspection Inspect(string entryPoint)
    {
        var spec = WorkflowSpec.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.St2Examples, "actions", entryPoint)));
        return WorkflowInspector.Inspect(spec, EngineExpressionEvaluator.Default, AppContext);
    }

    [SkippableFact]
    public void Workflows_ExamplesPack_HasSixtySixOrquestaWorkflows()
    {
        Assert.True(Directory.Exists(RepositoryPaths.St2Examples));
        Assert.Equal(66, Workflows().Count);
    }

    [SkippableTheory]
    [MemberData(nameof(Workflows))]
    public void Inspect_ExampleWorkflow_ValidUnlessBrokenOnPurpose(string entryPoint)
    {
        var inspection = Inspect(entryPoint);
        if (entryPoint.EndsWith("orquesta-fail-inspection.yaml", StringComparison.Ordinal))
        {
            // st2's integration test (test_wiring_error_handling.test_fail_inspection) expects one
            // error in each of these three categories.
            var found = inspection.All.Select(x => $"{x.Category} {x.Error.SpecPath}").ToList();
            Assert.Equal(
                ["syntax tasks.task2.input", "expressions tasks.task2.next[0].when", "context tasks.task1.input"],
                found);
            return;
        }

        var problems = inspection.All.Select(x => $"{x.Category} {x.Error.SpecPath}: {x.Error.Message}");
        Assert.True(inspection.IsValid, string.Join("\n", problems));
    }
}
