using System.Text.RegularExpressions;
using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// A rule's <c>criteria</c> mapping, compiled once: keys parsed, operators resolved, constant
/// patterns prepared and regexes compiled with a match timeout. Entries are evaluated in the
/// order written and all must pass, as in StackStorm. ServerlessFlow adds groups: a key
/// <c>or</c> / <c>and</c> whose value is a list of criteria mappings, or <c>not</c> whose value is a
/// criteria mapping (a <c>#…</c> suffix allows several). A key of that name whose value has a
/// <c>type</c> stays an ordinary StackStorm criterion.
/// </summary>
public sealed class CompiledCriteria
{
    /// <summary>Criteria that always pass (no criteria).</summary>
    public static CompiledCriteria Empty { get; } = new([]);

    private CompiledCriteria(IReadOnlyList<CriteriaNode> nodes)
    {
        Nodes = nodes;
    }

    /// <summary>The entries, in the order written.</summary>
    public IReadOnlyList<CriteriaNode> Nodes { get; }

    /// <summary>True when there are no entries.</summary>
    public bool IsEmpty => Nodes.Count == 0;

    /// <summary>Compiles a criteria mapping (a plain value); throws <see cref="CriteriaException"/> naming the key on malformed input.</summary>
    public static CompiledCriteria Compile(object? criteria, TimeSpan regexTimeout) => Compile(criteria, regexTimeout, "criteria", 0);

    private static CompiledCriteria Compile(object? criteria, TimeSpan regexTimeout, string where, int depth)
    {
        if (depth > 32)
        {
            throw new CriteriaException($"{where}: criteria are nested more than 32 levels deep.");
        }

        if (criteria is null)
        {
            return Empty;
        }

        if (criteria is not Dictionary<string, object?> mapping)
        {
            throw new CriteriaException($"{where} must be a mapping of keys to {{type, pattern}}, not {PythonSemantics.TypeName(criteria)}.");
        }

        var nodes = new List<CriteriaNode>(mapping.Count);
        foreach (var (key, value) in mapping)
        {
            nodes.Add(CompileEntry(key, value, regexTimeout, where, depth));
        }

        return new CompiledCriteria(nodes);
    }

    private static CriteriaNode CompileEntry(string key, object? value, TimeSpan regexTimeout, string where, int depth)
    {
        var keyPath = key.Split('#', 2)[0];
        var label = $"{where} key \"{key}\"";
        var spec = value as Dictionary<string, object?>;
        var groupKind = keyPath switch
        {
            "and" when value is List<object?> => CriteriaGroupKind.And,
            "or" when value is List<object?> => CriteriaGroupKind.Or,
            "not" when spec is not null && !spec.ContainsKey("type") => CriteriaGroupKind.Not,
            _ => (CriteriaGroupKind?)null,
        };
        if (groupKind is { } kind)
        {
            var members = new List<CompiledCriteria>();
            if (kind == CriteriaGroupKind.Not)
            {
                members.Add(Compile(spec, regexTimeout, label, depth + 1));
            }
            else
            {
                var list = (List<object?>)value!;
                if (list.Count == 0)
                {
                    throw new CriteriaException($"{label}: an '{keyPath}' group needs at least one criteria mapping.");
                }

                for (var i = 0; i < list.Count; i++)
                {
                    members.Add(Compile(list[i], regexTimeout, $"{label} item {i}", depth + 1));
                }
            }

            return new CriteriaGroupNode(key, kind, members);
        }

        if (spec is null)
        {
            throw new CriteriaException($"{label} must map to {{type, pattern}}, not {PythonSemantics.TypeName(value)}.");
        }

        KeyPath path;
        try
        {
            path = KeyPath.Parse(keyPath);
        }
        catch (FormatException ex)
        {
            throw new CriteriaException($"{label}: {ex.Message}", ex);
        }

        spec.TryGetValue("pattern", out var pattern);
        var condition = spec.TryGetValue("condition", out var c) ? c as string ?? PythonSemantics.Str(c) : null;
        if (!spec.TryGetValue("type", out var typeValue))
        {
            // StackStorm: a criterion without a type never matches.
            return new CriterionNode(key, path, null, null, pattern, condition) { PatternProblem = "the criterion has no 'type'" };
        }

        if (typeValue is not string typeName || !CriteriaOperators.TryParse(typeName, out var op))
        {
            throw new CriteriaException(
                $"{label}: unknown operator \"{PythonSemantics.Str(typeValue)}\"; valid operators are {string.Join(", ", CriteriaOperators.Names.Keys.Order(StringComparer.Ordinal))}.");
        }

        var node = new CriterionNode(key, path, typeName, op, pattern, condition);
        if (op == CriteriaOperator.Search)
        {
            if (condition is not ("any" or "all" or "any2any" or "all2any"))
            {
                node.PatternProblem = $"The '{condition ?? "None"}' condition is not recognized for type search, 'any', 'all', 'any2any' and 'all2any' are allowed";
            }

            if (pattern is not Dictionary<string, object?>)
            {
                node.PatternProblem ??= $"the pattern of a search must be a mapping of child criteria, not {PythonSemantics.TypeName(pattern)}";
            }
            else
            {
                node.SearchCriteria = Compile(pattern, regexTimeout, $"{label} pattern", depth + 1);
            }

            return node;
        }

        if (pattern is string text && ContainsTemplate(text))
        {
            node.PatternIsTemplate = true;
            return node;
        }

        node.ConstantPattern = pattern is string plain ? JinjaText(plain) : pattern;
        if (CriteriaOperators.UsesRegex(op) && node.ConstantPattern is not null)
        {
            try
            {
                node.ConstantRegex = CriteriaOperators.CompilePattern(op, node.ConstantPattern, regexTimeout);
            }
            catch (CriterionFailureException ex)
            {
                node.PatternProblem = ex.Message;
            }
        }

        return node;
    }

    /// <summary>True when the string holds Jinja markup (so it must be rendered per event).</summary>
    public static bool ContainsTemplate(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal) || text.Contains("{#", StringComparison.Ordinal);

    /// <summary>What Jinja makes of text without markup: newlines become \n and one trailing newline is dropped.</summary>
    internal static string JinjaText(string text)
    {
        if (text.Contains('\r', StringComparison.Ordinal))
        {
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        return text.EndsWith('\n') ? text[..^1] : text;
    }

    /// <summary>Every problem that makes a criterion always fail (bad regex, no type…), with its key, for load-time warnings.</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var node in Nodes)
        {
            switch (node)
            {
                case CriterionNode c when c.PatternProblem is not null:
                    yield return $"criteria key \"{c.Key}\": {c.PatternProblem}";
                    break;
                case CriterionNode { SearchCriteria: { } children }:
                    foreach (var problem in children.Problems())
                    {
                        yield return problem;
                    }

                    break;
                case CriteriaGroupNode g:
                    foreach (var problem in g.Members.SelectMany(m => m.Problems()))
                    {
                        yield return problem;
                    }

                    break;
            }
        }
    }

    internal static Regex? TryCompile(CriteriaOperator op, object? pattern, TimeSpan timeout) =>
        pattern is null ? null : CriteriaOperators.CompilePattern(op, pattern, timeout);
}
