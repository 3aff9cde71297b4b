using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Structural checks on an Orquesta workflow that need no Orquesta engine: the top-level and task
/// fields and their YAML types (after Orquesta's JSON schema), transitions to tasks that do not
/// exist, and expressions opened inside other expressions. It does not parse YAQL or Jinja, check
/// variable use (<c>ctx()</c>) or reachability: the Orquesta inspector does that through
/// <see cref="IWorkflowInspector"/>.
/// </summary>
public sealed class WorkflowShapeInspector : IWorkflowInspector
{
    private static readonly HashSet<string> WorkflowFields = new(StringComparer.Ordinal) { "version", "description", "input", "vars", "tasks", "output", "tags" };

    private static readonly HashSet<string> TaskFields = new(StringComparer.Ordinal) { "delay", "join", "with", "action", "input", "retry", "next" };

    private static readonly HashSet<string> TransitionFields = new(StringComparer.Ordinal) { "when", "publish", "do" };

    private static readonly HashSet<string> EngineCommands = new(StringComparer.Ordinal) { "noop", "fail", "continue", "retry" };

    /// <inheritdoc/>
    public IEnumerable<PackDiagnostic> Inspect(WorkflowFileSpec workflow, PackCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var found = new List<PackDiagnostic>();
        if (workflow.Value is not Dictionary<string, object?> root)
        {
            return found;
        }

        void Report(string code, string path, string message, bool atKey = false)
        {
            var at = atKey ? workflow.SourceMap.KeyAt(path) : workflow.SourceMap.ValueAt(path);
            found.Add(new PackDiagnostic(DiagnosticSeverity.Error, code, workflow.DisplayPath, at.Line, at.Column, message));
        }

        foreach (var key in root.Keys.Where(k => !WorkflowFields.Contains(k)))
        {
            Report(PackDiagnosticCodes.WorkflowStructure, key, $"the workflow has an unknown field '{key}' (allowed: version, description, input, vars, tasks, output)", atKey: true);
        }

        if (!root.TryGetValue("version", out var version))
        {
            Report(PackDiagnosticCodes.WorkflowStructure, string.Empty, "the workflow is missing 'version: 1.0'");
        }
        else if (Mistral.MistralConverter.IsMistral(root))
        {
            Report(PackDiagnosticCodes.MistralWorkflow, "version", $"this is a Mistral v2 workflow ('version: 2.0'), not Orquesta; Mistral was removed from StackStorm 3.3. Convert it with 'sflow workflow convert {workflow.DisplayPath}'");
            return found;
        }
        else if (version is not (1.0 or "1.0" or 1L))
        {
            Report(PackDiagnosticCodes.WorkflowStructure, "version", $"the workflow's version is {MetadataDocument.Describe(version)}; Orquesta workflows are 'version: 1.0'");
        }

        CheckNamedList(root, "input", allowBareNames: true, Report);
        CheckNamedList(root, "vars", allowBareNames: false, Report);
        CheckNamedList(root, "output", allowBareNames: false, Report);

        if (root.TryGetValue("tasks", out var tasksValue))
        {
            if (tasksValue is Dictionary<string, object?> tasks)
            {
                foreach (var (name, task) in tasks)
                {
                    CheckTask(name, task, tasks, Report);
                }
            }
            else
            {
                Report(PackDiagnosticCodes.WorkflowStructure, "tasks", $"'tasks' must be a mapping of task names to tasks, not {MetadataDocument.Describe(tasksValue)}");
            }
        }

        CheckExpressions(root, string.Empty, Report);
        return found;
    }

    private static void CheckNamedList(Dictionary<string, object?> root, string key, bool allowBareNames, Action<string, string, string, bool> report)
    {
        if (!root.TryGetValue(key, out var value) || value is null)
        {
            return;
        }

        if (value is not List<object?> list)
        {
            report(PackDiagnosticCodes.WorkflowStructure, key, $"'{key}' must be a list of {(allowBareNames ? "names or " : string.Empty)}one-key mappings, not {MetadataDocument.Describe(value)}", false);
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            var ok = list[i] switch
            {
                string => allowBareNames,
                Dictionary<string, object?> d => d.Count == 1,
                _ => false,
            };
            if (!ok)
            {
                report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Item(key, i), $"item {i} of '{key}' must be {(allowBareNames ? "a name or " : string.Empty)}a mapping with exactly one key, not {MetadataDocument.Describe(list[i])}", false);
            }
        }
    }

    private static void CheckTask(string name, object? value, Dictionary<string, object?> tasks, Action<string, string, string, bool> report)
    {
        var path = SourceMap.Child("tasks", name);
        if (value is not Dictionary<string, object?> task)
        {
            if (value is not null)
            {
                report(PackDiagnosticCodes.WorkflowStructure, path, $"task '{name}' must be a mapping, not {MetadataDocument.Describe(value)}", false);
            }

            return;
        }

        foreach (var key in task.Keys.Where(k => !TaskFields.Contains(k)))
        {
            report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Child(path, key), $"task '{name}' has an unknown field '{key}' (allowed: action, input, next, join, with, delay, retry)", true);
        }

        if (task.TryGetValue("action", out var action) && action is not (string or null))
        {
            report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Child(path, "action"), $"task '{name}': 'action' must be a string, not {MetadataDocument.Describe(action)}", false);
        }

        if (task.TryGetValue("input", out var input) && input is not (Dictionary<string, object?> or null) && !ParameterReader.IsTemplate(input))
        {
            report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Child(path, "input"), $"task '{name}': 'input' must be a mapping of parameter names to values, not {MetadataDocument.Describe(input)}", false);
        }

        if (!task.TryGetValue("next", out var next) || next is null)
        {
            return;
        }

        var nextPath = SourceMap.Child(path, "next");
        if (next is not List<object?> transitions)
        {
            report(PackDiagnosticCodes.WorkflowStructure, nextPath, $"task '{name}': 'next' must be a list of transitions, not {MetadataDocument.Describe(next)}", false);
            return;
        }

        for (var i = 0; i < transitions.Count; i++)
        {
            var itemPath = SourceMap.Item(nextPath, i);
            if (transitions[i] is not Dictionary<string, object?> transition)
            {
                report(PackDiagnosticCodes.WorkflowStructure, itemPath, $"task '{name}': transition {i} must be a mapping with when/publish/do, not {MetadataDocument.Describe(transitions[i])}", false);
                continue;
            }

            foreach (var key in transition.Keys.Where(k => !TransitionFields.Contains(k)))
            {
                report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Child(itemPath, key), $"task '{name}': transition {i} has an unknown field '{key}' (allowed: when, publish, do)", true);
            }

            if (transition.TryGetValue("do", out var doValue))
            {
                CheckTargets(name, doValue, SourceMap.Child(itemPath, "do"), tasks, report);
            }
        }
    }

    private static void CheckTargets(string name, object? value, string path, Dictionary<string, object?> tasks, Action<string, string, string, bool> report)
    {
        var targets = new List<(string Name, string Path)>();
        switch (value)
        {
            case null:
                return;
            case string s:
                targets.AddRange(s.Split(',').Select(t => (t.Trim(), path)));
                break;
            case List<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is string item)
                    {
                        targets.Add((item.Trim(), SourceMap.Item(path, i)));
                    }
                    else
                    {
                        report(PackDiagnosticCodes.WorkflowStructure, SourceMap.Item(path, i), $"task '{name}': 'do' items must be task names, not {MetadataDocument.Describe(list[i])}", false);
                    }
                }

                break;
            default:
                report(PackDiagnosticCodes.WorkflowStructure, path, $"task '{name}': 'do' must be a task name or a list of task names, not {MetadataDocument.Describe(value)}", false);
                return;
        }

        foreach (var (target, targetPath) in targets)
        {
            if (target.Length > 0 && !tasks.ContainsKey(target) && !EngineCommands.Contains(target) && !ParameterReader.IsTemplate(target))
            {
                report(PackDiagnosticCodes.WorkflowStructure, targetPath, $"task '{name}' transitions to '{target}', which is not a task of this workflow", false);
            }
        }
    }

    /// <summary>Reports <c>&lt;% … &lt;% … %&gt;</c> and <c>{{ … {{ … }}</c>: an expression opened inside another cannot parse.</summary>
    private static void CheckExpressions(object? value, string path, Action<string, string, string, bool> report)
    {
        var stack = new Stack<(object? Value, string Path)>();
        stack.Push((value, path));
        while (stack.Count > 0)
        {
            var (current, currentPath) = stack.Pop();
            switch (current)
            {
                case string s:
                    if (NestedOpening(s, "<%", "%>") || NestedOpening(s, "{{", "}}"))
                    {
                        report(PackDiagnosticCodes.ExpressionSyntax, currentPath, $"expression '{(s.Length > 60 ? s[..60] + "…" : s)}' opens a new expression inside another one, so it cannot be parsed", false);
                    }

                    break;
                case Dictionary<string, object?> map:
                    foreach (var (key, item) in map)
                    {
                        stack.Push((item, SourceMap.Child(currentPath, key)));
                    }

                    break;
                case List<object?> list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        stack.Push((list[i], SourceMap.Item(currentPath, i)));
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private static bool NestedOpening(string text, string open, string close)
    {
        var start = text.IndexOf(open, StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = text.IndexOf(close, start + open.Length, StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            if (text.IndexOf(open, start + open.Length, end - start - open.Length, StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            start = text.IndexOf(open, end + close.Length, StringComparison.Ordinal);
        }

        return false;
    }
}
