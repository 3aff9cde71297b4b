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

    /// <summary>The criteria operators of st2's <c>operators.py</c>, long and short names.</summary>
    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "matchwildcard", "matchregex", "regex", "iregex", "eq", "equals", "nequals", "neq", "ieq", "iequals",
        "contains", "icontains", "ncontains", "incontains", "startswith", "istartswith", "endswith", "iendswith",
        "lt", "lessthan", "gt", "greaterthan", "td_lt", "timediff_lt", "td_gt", "timediff_gt", "exists",
        "nexists", "inside", "in", "ninside", "nin", "search",
    };

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

        var criteria = ReadCriteria(doc, root, what);

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
            Action = action,
            RuleType = ruleType,
            Context = context,
            Tags = tags,
            MetadataFile = doc.RelativePath,
            DefinedAt = doc.At(string.Empty),
            SourceMap = doc.Map,
        };
    }

    private static List<RuleCriterionSpec> ReadCriteria(MetadataDocument doc, Dictionary<string, object?> root, string what)
    {
        var result = new List<RuleCriterionSpec>();
        if (doc.Mapping(root, string.Empty, "criteria", required: false, what) is not { } criteria)
        {
            return result;
        }

        foreach (var (key, value) in criteria)
        {
            var path = SourceMap.Child("criteria", key);
            var label = $"{what}: criterion '{key}'";
            if (value is not Dictionary<string, object?> criterion)
            {
                doc.Error(PackDiagnosticCodes.WrongType, path, $"{label} must be a mapping with 'type' and 'pattern', not {MetadataDocument.Describe(value)}");
                continue;
            }

            var type = doc.String(criterion, path, "type", required: true, label);
            if (type is null)
            {
                continue;
            }

            if (!Operators.Contains(type))
            {
                doc.Error(PackDiagnosticCodes.InvalidValue, SourceMap.Child(path, "type"), $"{label} uses operator '{type}', which does not exist (operators: {string.Join(", ", Operators.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (type is not ("exists" or "nexists") && !criterion.ContainsKey("pattern"))
            {
                doc.Error(PackDiagnosticCodes.MissingField, path, $"{label} is missing the required field 'pattern' for operator '{type}'");
                continue;
            }

            result.Add(new RuleCriterionSpec(key, type, criterion.GetValueOrDefault("pattern")));
        }

        return result;
    }
}
