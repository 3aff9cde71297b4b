using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Conformance.Tests.Orquesta;

/// <summary>Finds and loads the Orquesta conformance corpus from <c>../shared/conformance/orquesta</c>
/// next to the repository root (the folder holding ServerlessFlow.sln).</summary>
public static class OrquestaCorpus
{
    private static readonly Lazy<string> RootPath = new(Locate);

    /// <summary>The case id the member data holds when the corpus is absent, so that the tests say they skipped.</summary>
    public const string Missing = "(corpus missing)";

    /// <summary>Why the suite skips when the corpus is absent.</summary>
    public static string MissingReason =>
        $"The Orquesta corpus is not at {Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "orquesta"))}: "
        + "these tests need the team's shared folder beside the repository (../shared).";

    /// <summary>Whether the corpus folder is there.</summary>
    public static bool IsPresent => Directory.Exists(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "orquesta"));

    /// <summary>The corpus folder.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServerlessFlow.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("ServerlessFlow.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Locate()
    {
        var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "conformance", "orquesta"));
        return Directory.Exists(path) ? path : throw new DirectoryNotFoundException("Orquesta corpus not found at " + path);
    }

    /// <summary>Case ids of one kind (run, rerun, inspection, trace), sorted.</summary>
    public static IEnumerable<string> CaseIds(string kind)
    {
        foreach (var dir in Directory.GetDirectories(Path.Combine(Root, "cases")).Order(StringComparer.Ordinal))
        {
            var data = Load(Path.GetFileName(dir));
            if (data.GetValueOrDefault("kind") as string == kind)
            {
                yield return Path.GetFileName(dir);
            }
        }
    }

    /// <summary>xUnit member data for one kind.</summary>
    public static TheoryData<string> Cases(string kind)
    {
        var data = new TheoryData<string>();
        if (!IsPresent)
        {
            data.Add(Missing);
            return data;
        }

        foreach (var id in CaseIds(kind))
        {
            data.Add(id);
        }

        return data;
    }

    /// <summary>The case.json of a case.</summary>
    public static Dictionary<string, object?> Load(string id) =>
        (Dictionary<string, object?>)JsonText.Parse(File.ReadAllText(Path.Combine(Root, "cases", id, "case.json")))!;

    /// <summary>The workflow text of a case.</summary>
    public static string Workflow(string id, Dictionary<string, object?> data) =>
        File.ReadAllText(Path.Combine(Root, "cases", id, data.GetValueOrDefault("workflow") as string ?? "workflow.yaml"));
}
