using ServerlessFlow.Core.ActionChains;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>
/// Several loaded packs seen together: looks actions, rules and trigger types up by ref across
/// packs, and checks what one pack's content says about another's (rule action and trigger refs,
/// the actions and inputs of workflow tasks, duplicate packs).
/// </summary>
public sealed class PackCatalog
{
    private readonly Dictionary<string, PackSpec> _packs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionSpec> _actions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RuleSpec> _rules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TriggerTypeSpec> _triggerTypes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PolicySpec>> _policiesByAction = new(StringComparer.Ordinal);
    private readonly List<PackDiagnostic> _diagnostics = [];

    private PackCatalog()
    {
    }

    /// <summary>The packs, first copy of each ref only, in the order given.</summary>
    public IReadOnlyList<PackSpec> Packs { get; private set; } = [];

    /// <summary>Every diagnostic: those found loading each pack plus the cross-pack checks, sorted.</summary>
    public IReadOnlyList<PackDiagnostic> Diagnostics => _diagnostics;

    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    /// <summary>Builds a catalog from loaded packs and runs the cross-pack checks.</summary>
    public static PackCatalog Create(IEnumerable<PackLoadResult> loaded, PackCatalogOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        options ??= PackCatalogOptions.Default;
        var catalog = new PackCatalog();
        var packs = new List<PackSpec>();
        foreach (var result in loaded)
        {
            catalog._diagnostics.AddRange(result.Diagnostics);
            var pack = result.Pack;
            if (catalog._packs.TryGetValue(pack.Ref, out var first))
            {
                catalog._diagnostics.Add(new PackDiagnostic(DiagnosticSeverity.Error, PackDiagnosticCodes.DuplicateRef, Join(pack.Location, "pack.yaml"), 1, 1, $"pack '{pack.Ref}' is already loaded from {first.Location}; this copy is ignored"));
                continue;
            }

            catalog._packs[pack.Ref] = pack;
            packs.Add(pack);
            foreach (var action in pack.Actions)
            {
                catalog._actions[action.Ref] = action;
            }

            foreach (var rule in pack.Rules)
            {
                catalog._rules[rule.Ref] = rule;
            }

            foreach (var triggerType in pack.TriggerTypes)
            {
                catalog._triggerTypes[triggerType.Ref] = triggerType;
            }
        }

        catalog.Packs = packs;
        foreach (var pack in packs)
        {
            foreach (var policy in pack.Policies)
            {
                var file = Join(pack.Location, policy.File);
                if (catalog.Resolve(policy.ResourceRef, "action", catalog.FindAction, file, policy.ResourcePosition, $"policy '{policy.Ref}'") is null)
                {
                    continue;
                }

                if (!catalog._policiesByAction.TryGetValue(policy.ResourceRef, out var list))
                {
                    catalog._policiesByAction[policy.ResourceRef] = list = [];
                }

                list.Add(policy);
            }

            foreach (var rule in pack.Rules)
            {
                catalog.CheckRule(pack, rule);
            }

            foreach (var workflow in pack.Workflows.Where(w => w.Kind == WorkflowFileKind.Orquesta && w.IsValidYaml))
            {
                catalog.CheckTaskContents(workflow);
                foreach (var inspector in options.WorkflowInspectors)
                {
                    catalog._diagnostics.AddRange(inspector.Inspect(workflow, catalog));
                }
            }
        }

        foreach (var pack in packs)
        {
            foreach (var workflow in pack.Workflows.Where(w => w.Kind == WorkflowFileKind.ActionChain && w.IsValidYaml))
            {
                catalog.CheckActionChain(workflow);
            }
        }

        catalog._diagnostics.Sort(PackDiagnostic.Compare);
        return catalog;
    }

    /// <summary>The pack with this ref, if loaded.</summary>
    public PackSpec? FindPack(string packRef) => _packs.GetValueOrDefault(packRef);

    /// <summary>The action with this ref (<c>core.local</c>), if loaded.</summary>
    public ActionSpec? FindAction(string actionRef) => _actions.GetValueOrDefault(actionRef);

    /// <summary>Every loaded policy, pack by pack.</summary>
    public IEnumerable<PolicySpec> Policies => Packs.SelectMany(p => p.Policies);

    /// <summary>The policies that apply to <paramref name="actionRef"/> (enabled or not), in load order.</summary>
    public IReadOnlyList<PolicySpec> PoliciesFor(string actionRef) =>
        _policiesByAction.TryGetValue(actionRef, out var list) ? list : [];

    /// <summary>The rule with this ref, if loaded.</summary>
    public RuleSpec? FindRule(string ruleRef) => _rules.GetValueOrDefault(ruleRef);

    /// <summary>The trigger type with this ref: a system trigger type or one a loaded pack declares.</summary>
    public TriggerTypeSpec? FindTriggerType(string triggerTypeRef) =>
        SystemTriggerTypes.All.GetValueOrDefault(triggerTypeRef) ?? _triggerTypes.GetValueOrDefault(triggerTypeRef);

    private static string Join(string location, string relativePath) =>
        location.Length == 0 ? relativePath : location.TrimEnd('/') + "/" + relativePath;

    private void Report(DiagnosticSeverity severity, string code, string file, SourcePosition at, string message) =>
        _diagnostics.Add(new PackDiagnostic(severity, code, file, at.Line, at.Column, message));

    /// <summary>Resolves a ref; reports (and returns null) when it does not resolve.</summary>
    private T? Resolve<T>(string reference, string kind, Func<string, T?> find, string file, SourcePosition at, string owner)
        where T : class
    {
        if (find(reference) is { } found)
        {
            return found;
        }

        var code = kind == "action" ? PackDiagnosticCodes.UnresolvedAction : PackDiagnosticCodes.UnresolvedTriggerType;
        var dot = reference.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == reference.Length - 1)
        {
            Report(DiagnosticSeverity.Error, code, file, at, $"{owner}: the {kind} reference '{reference}' is not formatted correctly; it must be 'pack.name'");
        }
        else if (!_packs.ContainsKey(reference[..dot]))
        {
            Report(DiagnosticSeverity.Warning, PackDiagnosticCodes.UnknownPack, file, at, $"{owner}: {kind} '{reference}' is in pack '{reference[..dot]}', which is not loaded, so it cannot be checked");
        }
        else
        {
            Report(DiagnosticSeverity.Error, code, file, at, $"{owner}: {kind} '{reference}' does not exist in pack '{reference[..dot]}'");
        }

        return null;
    }

    private void CheckRule(PackSpec pack, RuleSpec rule)
    {
        var file = Join(pack.Location, rule.MetadataFile);
        var owner = $"rule '{rule.Ref}'";
        var map = rule.SourceMap;
        var triggerType = Resolve(rule.Trigger.Type, "trigger type", FindTriggerType, file, map.ValueAt("trigger.type"), owner);
        if (triggerType?.ParametersSchema is { } schema)
        {
            CheckTriggerParameters(rule, schema, file, owner);
        }

        var action = Resolve(rule.Action.Ref, "action", FindAction, file, map.ValueAt("action.ref"), owner);
        if (action is not null)
        {
            CheckParameters(action, rule.Action.Parameters.Keys, file, map, "action.parameters", owner);
        }
    }

    private void CheckTriggerParameters(RuleSpec rule, IReadOnlyDictionary<string, object?> schema, string file, string owner)
    {
        var map = rule.SourceMap;
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var requiredList = (schema.GetValueOrDefault("required") as List<object?> ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var given = rule.Trigger.Parameters;
        foreach (var (name, value) in properties)
        {
            var property = value as Dictionary<string, object?>;
            if ((requiredList.Contains(name) || property?.GetValueOrDefault("required") is true) && !given.ContainsKey(name))
            {
                Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, map.ValueAt("trigger"), $"{owner}: trigger '{rule.Trigger.Type}' needs the parameter '{name}'");
            }
        }

        foreach (var (name, value) in given)
        {
            var path = SourceMap.Child("trigger.parameters", name);
            if (!properties.TryGetValue(name, out var propertyValue))
            {
                if (schema.GetValueOrDefault("additionalProperties") is false)
                {
                    Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, map.KeyAt(path), $"{owner}: trigger '{rule.Trigger.Type}' has no parameter '{name}' (it takes: {string.Join(", ", properties.Keys)})");
                }

                continue;
            }

            if (propertyValue is not Dictionary<string, object?> property || ParameterReader.IsTemplate(value))
            {
                continue;
            }

            if (property.GetValueOrDefault("type") is string type && !ParameterReader.JsonTypeMatches(type, value))
            {
                Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, map.ValueAt(path), $"{owner}: trigger parameter '{name}' must be of type '{type}', not {MetadataDocument.Describe(value)}");
            }
            else if (property.GetValueOrDefault("enum") is List<object?> allowed && !allowed.Any(a => PlainValues.DeepEquals(a, value)))
            {
                Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, map.ValueAt(path), $"{owner}: trigger parameter '{name}' is {MetadataDocument.Describe(value)}; it must be one of: {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>st2's check of given parameter names against an action's: required ones without a default, and unknown ones.</summary>
    private void CheckParameters(ActionSpec action, IEnumerable<string> given, string file, SourceMap map, string path, string owner, SourcePosition? inlineAt = null)
    {
        var names = given.ToHashSet(StringComparer.Ordinal);
        foreach (var (name, parameter) in action.EffectiveParameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (parameter.Required && !parameter.HasDefault && !names.Contains(name))
            {
                Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, inlineAt ?? map.KeyAt(path), $"{owner}: action '{action.Ref}' is missing required input '{name}'");
            }
        }

        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var at = map.Contains(SourceMap.Child(path, name)) ? map.KeyAt(SourceMap.Child(path, name)) : inlineAt ?? map.ValueAt(path);
            if (!action.EffectiveParameters.TryGetValue(name, out var parameter))
            {
                Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ParameterMismatch, file, at, $"{owner}: action '{action.Ref}' has unexpected input '{name}'");
            }
            else if (parameter.Immutable)
            {
                Report(DiagnosticSeverity.Warning, PackDiagnosticCodes.ImmutableParameterGiven, file, at, $"{owner}: input '{name}' of action '{action.Ref}' is immutable, so the value given here is ignored and its default is used");
            }
        }
    }

    /// <summary>st2's <c>inspect_task_contents</c>: every task's action resolves, and its inputs fit the action.</summary>
    /// <summary>
    /// An ActionChain file: what StackStorm's runner refuses before running (the chain schema, both params and parameters,
    /// the default node, on-success / on-failure names) is an error; a node naming an action that is not loaded is a warning,
    /// as StackStorm registers such a chain and fails it only when it reaches that node.
    /// </summary>
    private void CheckActionChain(WorkflowFileSpec workflow)
    {
        string chainName = workflow.ActionRefs.Count > 0 ? workflow.ActionRefs[0].Split('.', 2)[^1] : workflow.Path;
        foreach (var problem in ActionChainSpec.Check(workflow.Value, chainName))
        {
            Report(DiagnosticSeverity.Error, PackDiagnosticCodes.ActionChainStructure, workflow.DisplayPath, Locate(workflow.SourceMap, problem.Path), problem.Message);
        }

        if (workflow.Value is not Dictionary<string, object?> root || root.GetValueOrDefault("chain") is not List<object?> nodes)
        {
            return;
        }

        for (var i = 0; i < nodes.Count; i++)
        {
            if (nodes[i] is not Dictionary<string, object?> node || node.GetValueOrDefault("ref") is not string reference)
            {
                continue;
            }

            var path = SourceMap.Child(SourceMap.Item("chain", i), "ref");
            var owner = $"node '{node.GetValueOrDefault("name") as string ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}'";
            if (FindAction(reference) is null)
            {
                var dot = reference.IndexOf('.', StringComparison.Ordinal);
                var message = dot > 0 && dot < reference.Length - 1 && !_packs.ContainsKey(reference[..dot])
                    ? $"{owner}: action '{reference}' is in pack '{reference[..dot]}', which is not loaded, so it cannot be checked"
                    : $"{owner}: action '{reference}' does not exist in the loaded packs; the chain fails when it reaches this node";
                var code = dot > 0 && dot < reference.Length - 1 && !_packs.ContainsKey(reference[..dot]) ? PackDiagnosticCodes.UnknownPack : PackDiagnosticCodes.UnresolvedAction;
                Report(DiagnosticSeverity.Warning, code, workflow.DisplayPath, workflow.SourceMap.ValueAt(path), message);
            }
        }
    }

    /// <summary>The position of a chain path, or of its nearest parent that has one.</summary>
    private static SourcePosition Locate(SourceMap map, string path)
    {
        while (path.Length > 0 && !map.Contains(path))
        {
            path = SourceMap.Parent(path);
        }

        return map.ValueAt(path);
    }

    private void CheckTaskContents(WorkflowFileSpec workflow)
    {
        if (workflow.Value is not Dictionary<string, object?> root || root.GetValueOrDefault("tasks") is not Dictionary<string, object?> tasks)
        {
            return;
        }

        foreach (var (name, value) in tasks)
        {
            if (value is not Dictionary<string, object?> task || task.GetValueOrDefault("action") is not string text || text.Trim().Length == 0)
            {
                continue;
            }

            var parsed = TaskActionText.Parse(text);
            if (parsed.IsExpression)
            {
                continue;
            }

            var taskPath = SourceMap.Child("tasks", name);
            var actionAt = workflow.SourceMap.ValueAt(SourceMap.Child(taskPath, "action"));
            var owner = $"task '{name}'";
            if (Resolve(parsed.Ref, "action", FindAction, workflow.DisplayPath, actionAt, owner) is not { } action)
            {
                continue;
            }

            var input = task.GetValueOrDefault("input");
            if (input is not (Dictionary<string, object?> or null))
            {
                continue;
            }

            var given = parsed.InlineParameterNames.Concat((input as Dictionary<string, object?>)?.Keys ?? Enumerable.Empty<string>());
            CheckParameters(action, given, workflow.DisplayPath, workflow.SourceMap, SourceMap.Child(taskPath, "input"), owner, input is null || parsed.InlineParameterNames.Count > 0 ? actionAt : null);
        }
    }
}
