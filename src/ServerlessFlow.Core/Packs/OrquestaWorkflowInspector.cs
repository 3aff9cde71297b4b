using ServerlessFlow.Core.Orquesta.Conducting;
using ServerlessFlow.Core.Orquesta.Inspection;
using ServerlessFlow.Core.Orquesta.Specs;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Plugs Orquesta's own inspection (<see cref="WorkflowInspector"/>: schema, semantics, expression
/// syntax and ctx() variables) into pack validation, placing each finding at its spec path's line
/// and column. Codes are <c>workflow-syntax</c>, <c>workflow-semantics</c>, <c>workflow-expressions</c>
/// and <c>workflow-context</c>.
/// </summary>
public sealed class OrquestaWorkflowInspector : IWorkflowInspector
{
    private readonly IWorkflowExpressionEvaluator _expressions;
    private readonly IReadOnlyList<string> _appContext;

    /// <summary>Creates an inspector; by default expressions are checked with the engine and
    /// <c>st2</c> and <c>parent</c> are known ctx() variables, as StackStorm provides them.</summary>
    public OrquestaWorkflowInspector(IWorkflowExpressionEvaluator? expressions = null, IEnumerable<string>? appContext = null)
    {
        _expressions = expressions ?? EngineExpressionEvaluator.Default;
        _appContext = appContext?.ToList() ?? ["st2", "parent"];
    }

    /// <inheritdoc/>
    public IEnumerable<PackDiagnostic> Inspect(WorkflowFileSpec workflow, PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.Value is not Dictionary<string, object?>)
        {
            return [];
        }

        WorkflowSpec spec;
        try
        {
            spec = WorkflowSpec.FromValue(workflow.Value, workflow.SourceMap);
        }
        catch (WorkflowSpecException ex)
        {
            var start = SourcePosition.Start;
            return [new PackDiagnostic(DiagnosticSeverity.Error, "workflow-syntax", workflow.DisplayPath, start.Line, start.Column, ex.Message)];
        }

        return WorkflowInspector.Inspect(spec, _expressions, _appContext).All
            .Select(found =>
            {
                var at = Locate(workflow.SourceMap, found.Error.SpecPath ?? string.Empty);
                var where = found.Error.SpecPath is { } path ? $"{path}: " : string.Empty;
                return new PackDiagnostic(DiagnosticSeverity.Error, "workflow-" + found.Category, workflow.DisplayPath, at.Line, at.Column, where + found.Error.Message);
            })
            .ToList();
    }

    /// <summary>The position of a spec path; a task's <c>input</c> that came from inline
    /// <c>key=value</c> parameters has no node of its own, so its <c>action</c> line is used.</summary>
    private static SourcePosition Locate(SourceMap map, string path)
    {
        if (!map.Contains(path) && path.EndsWith(".input", StringComparison.Ordinal))
        {
            var action = path[..^".input".Length] + ".action";
            if (map.Contains(action))
            {
                return map.ValueAt(action);
            }
        }

        return map.ValueAt(path);
    }
}
