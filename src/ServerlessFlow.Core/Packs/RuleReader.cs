using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Packs;

/// <summary>Reads one rule file into a <see cref="RuleSpec"/>, reporting what is wrong.</summary>
internal static class RuleReader
{
    private static readonly HashSet<string> Fields = new(StringComparer.Ordinal)
    {
        "name", "pack", "description", "enabled", "trigger", "criteria", "action", "type", "context",
        "tags", "metadata_file", "ref", "uid", "id",
    };

    private static readonly HashSet<string> ActionFields = new(StringComparer.Ordinal) { "ref", "parameters" };

    private static readonly HashSet<string> TypeFields = new(StringComparer.Ordinal) { "ref", "parameters" };

    /// <summary>The conditions of a <c>search</c> criterion (st2's <c>SearchOperator</c>).</summary>
    private static readonly HashSet<string> SearchConditions = new(StringComparer.Ordinal) { "any", "all", "any2any", "all2any" };

    /// <summary>How deep criteria may nest (groups and searches), as in the rules engine.</summary>
    private const int MaxCriteriaDepth = 32;

    public static RuleSpec? Read(MetadataDocument doc, string packRef)
    {
        var root = doc.RootMapping("a rule");
        if (root is null)
        {
            return null;
        }

        doc.UnknownFields(root, string.Empty, Fields, "the rule", DiagnosticSeverity.Error);
        var name = doc.String(root, string.Empty, "name", required: true, "the rule");
        var what = name is null ? "the rule" : $"rule '{packRef}.{name}'";
        var pack = doc.String(root, string.Empty, "pack", required: false, what);
        if (pack is not null && !string.Equals(pack, packRef, StringComparison.Ordinal))
        {
            doc.Error(PackDiagnosticCodes.PackMismatch, "pack", $"{what} says it belongs to pack '{pack}', but it is in pack '{packRef}'");
        }

        var description = doc.String(root, string.Empty, "description", required: false, what);
        var enabled = doc.Bool(root, string.Empty, "enabled", what) ?? false;

        RuleTriggerSpec? trigger = null;
        if (doc.Mapping(root, string.Empty, "trigger", required: true, what) is { } triggerMap)
        {
            var type = doc.String(triggerMap, "trigger", "type", required: true, $"{what}'s trigger");
            var parameters = doc.Mapping(triggerMap, "trigger", "parameters", required: false, $"{what}'s trigger");
            doc.String(triggerMap, "trigger", "ref", required: false, $"{what}'s trigger");
            if (type is not null)
            {
                trigger = new RuleTriggerSpec(type, parameters ?? []);
            }
        }

        var criteriaMapping = doc.Mapping(root, string.Empty, "criteria", required: false, what);
        var criteria = new List<RuleCriterionSpec>();
        if (criteriaMapping is not null)
        {
            CheckCriteria(doc, criteriaMapping, "criteria", what, string.Empty, 0, criteria);
        }

        RuleActionSpec? action = null;
        if (doc.Mapping(root, string.Empty, "action", required: true, what) is { } actionMap)
        {
            doc.UnknownFields(actionMap, "action", ActionFields, $"{what}'s action", DiagnosticSeverity.Error);
            var actionRef = doc.String(actionMap, "action", "ref", required: true, $"{what}'s action");
            var parameters = doc.Mapping(actionMap, "action", "parameters", required: false, $"{what}'s action");
            if (actionRef is not null)
            {
                action = new RuleActionSpec(actionRef, parameters ?? []);
            }
        }

        var ruleType = "standard";
        if (doc.Mapping(root, string.Empty, "type", required: false, what) is { } typeMap)
        {
            doc.UnknownFields(typeMap, "type", TypeFields, $"{what}'s type", DiagnosticSeverity.Error);
            doc.Mapping(typeMap, "type", "parameters", required: false, $"{what}'s type");
            if (doc.String(typeMap, "type", "ref", required: true, $"{what}'s type") is { } typeRef)
            {
                if (typeRef is "standard" or "backstop")
                {
                    ruleType = typeRef;
                }
                else
                {
                    doc.Error(PackDiagnosticCodes.InvalidValue, "type.ref", $"{what} has rule type '{typeRef}'; it must be 'standard' or 'backstop'");
                }
            }
        }

        var context = doc.Mapping(root, string.Empty, "context", required: false, what);
        var tags = doc.Tags(root, string.Empty, what);
        if (name is null || trigger is null || action is null)
        {
            return null;
        }

        return new RuleSpec
        {
            Ref = packRef + "." + name,
            Name = name,
            Pack = packRef,
            Description = description,
            Enabled = enabled,
            Trigger = trigger,
            Criteria = criteria,
            CriteriaMapping = criteriaMapping,
            Action = action,
            RuleType = ruleType,
            Context = context,
            Tags = tags,
            MetadataFile = doc.RelativePath,
            DefinedAt = doc.At(string.Empty),
            SourceMap = doc.Map,
        };
    }

    /// <summary>
    /// Checks a criteria mapping the way the rules engine compiles it (<c>CompiledCriteria</c>):
    /// StackStorm criteria (<c>key: {type, pattern[, condition]}</c>, operator names ignoring case),
    /// ServerlessFlow's <c>and</c>/<c>or</c> groups (a list of criteria mappings) and <c>not</c>
    /// (a criteria mapping without <c>type</c>), with an optional <c>#…</c> key suffix, and a
    /// search's child criteria. What the engine rejects is an error, and so is a criterion without
    /// <c>type</c> (st2's validator rejects it; the engine would let it always fail); what the engine
    /// accepts but can never match (a missing pattern, an unknown search condition) is a warning.
    /// Key syntax is left to the engine (<c>KeyPath</c> lives in Rules), which reports a bad key as a
    /// <c>RuleSet</c> problem. The top level's plain criteria go to <paramref name="topLevel"/>.
    /// </summary>
    private static void CheckCriteria(MetadataDocument doc, Dictionary<string, object?> criteria, string path, string what, string scope, int depth, List<RuleCriterionSpec>? topLevel)
    {
        if (depth > MaxCriteriaDepth)
        {
            doc.Error(PackDiagnosticCodes.InvalidValue, path, $"{what}: the criteria under '{scope}' are nested more than {MaxCriteriaDepth} levels deep");
            return;
        }

        foreach (var (key, value) in criteria)
        {
            var entryPath = SourceMap.Child(path, key);
            var keyName = key.Split('#', 2)[0];
            if (keyName is "and" or "or" && value is List<object?> members)
            {
                if (members.Count == 0)
                {
                    doc.Error(PackDiagnosticCodes.InvalidValue, entryPath, $"{what}: the '{keyName}' group '{scope}{key}' needs at least one criteria mapping");
                }

                for (var i = 0; i < members.Count; i++)
                {
                    var itemPath = SourceMap.Item(entryPath, i);
                    switch (members[i])
                    {
                        case Dictionary<string, object?> member:
                            CheckCriteria(doc, member, itemPath, what, $"{scope}{key}[{i}] ", depth + 1, null);
                            break;
                        case null:
                            break;
                        case var other:
                            doc.Error(PackDiagnosticCodes.WrongType, itemPath, $"{what}: '{scope}{key}' item {i} must be a criteria mapping, not {MetadataDocument.Describe(other)}");
                            break;
                    }
                }

                continue;
            }

            var criterionLabel = $"{what}: criterion '{scope}{key}'";
            if (value is not Dictionary<string, object?> criterion)
            {
                doc.Error(PackDiagnosticCodes.WrongType, entryPath, $"{criterionLabel} must be a mapping with 'type' and 'pattern', not {MetadataDocument.Describe(value)}");
                continue;
            }

            if (keyName == "not" && !criterion.ContainsKey("type"))
            {
                CheckCriteria(doc, criterion, entryPath, what, $"{scope}{key} ", depth + 1, null);
                continue;
            }

            var type = doc.String(criterion, entryPath, "type", required: true, criterionLabel);
            if (type is null)
            {
                continue;
            }

            if (!CriteriaOperatorNames.TryParse(type, out var op))
            {
                doc.Error(PackDiagnosticCodes.InvalidValue, SourceMap.Child(entryPath, "type"),
                    $"{criterionLabel} uses operator '{type}', which does not exist (operators: {string.Join(", ", CriteriaOperatorNames.Names.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            var condition = criterion.GetValueOrDefault("condition") as string;
            if (op == CriteriaOperator.Search)
            {
                if (condition is null || !SearchConditions.Contains(condition))
                {
                    doc.Warning(PackDiagnosticCodes.InvalidValue, criterion.ContainsKey("condition") ? SourceMap.Child(entryPath, "condition") : entryPath,
                        $"{criterionLabel} is a search with condition '{condition ?? "None"}', so it never matches (conditions: all, all2any, any, any2any)");
                }

                if (criterion.GetValueOrDefault("pattern") is Dictionary<string, object?> children)
                {
                    CheckCriteria(doc, children, SourceMap.Child(entryPath, "pattern"), what, $"{scope}{key} pattern ", depth + 1, null);
                }
                else
                {
                    doc.Warning(PackDiagnosticCodes.WrongType, criterion.ContainsKey("pattern") ? SourceMap.Child(entryPath, "pattern") : entryPath,
                        $"{criterionLabel} is a search whose pattern is not a mapping of child criteria, so it never matches");
                }
            }
            else if (op is not (CriteriaOperator.Exists or CriteriaOperator.NExists or CriteriaOperator.NEquals) && criterion.GetValueOrDefault("pattern") is null)
            {
                // StackStorm accepts a criterion without a pattern; every operator but these three then fails.
                doc.Warning(PackDiagnosticCodes.MissingField, entryPath, $"{criterionLabel} has no 'pattern' for operator '{type}', so it never matches");
            }

            topLevel?.Add(new RuleCriterionSpec(key, type, criterion.GetValueOrDefault("pattern")) { Condition = condition });
        }
    }
}
