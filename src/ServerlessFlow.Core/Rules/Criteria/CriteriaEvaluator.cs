using ServerlessFlow.Core.Expressions;
using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Templates;

namespace ServerlessFlow.Core.Rules.Criteria;

/// <summary>
/// Evaluates compiled criteria against a trigger payload with StackStorm's RuleFilter semantics:
/// entries in order, stop at the first that fails; a criterion that raises fails with a reason
/// (StackStorm records a failed enforcement); non-empty criteria never match an empty payload;
/// patterns holding Jinja are rendered with <c>trigger</c> (or <c>item</c> inside a search) and
/// <c>st2kv</c>, and a pattern that is one expression keeps its type.
/// </summary>
public sealed class CriteriaEvaluator
{
    private static readonly IReadOnlyList<CriterionTrace> NoTrace = [];
    private static readonly CriteriaOutcome Passed = new(true, null, NoTrace);
    private static readonly CriteriaOutcome NotPassed = new(false, null, NoTrace);
    private readonly TimeProvider _clock;
    private readonly IRuleTemplateRenderer? _templates;
    private readonly TimeSpan _regexTimeout;

    /// <summary>Creates an evaluator; <paramref name="templates"/> renders Jinja patterns (without it they fail with a reason).</summary>
    public CriteriaEvaluator(TimeProvider clock, IRuleTemplateRenderer? templates = null, TimeSpan? regexTimeout = null)
    {
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _templates = templates;
        _regexTimeout = regexTimeout ?? RuleLimits.DefaultRegexTimeout;
    }

    /// <summary>The regex match timeout used for patterns rendered per event.</summary>
    public TimeSpan RegexTimeout => _regexTimeout;

    /// <summary>Evaluates <paramref name="criteria"/> against a trigger payload.</summary>
    public CriteriaOutcome Evaluate(CompiledCriteria criteria, object? payload, IKeyValueLookup? keyValues = null, bool trace = false)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        if (criteria.IsEmpty)
        {
            return Passed;
        }

        var run = new Run(keyValues, trace);
        if (IsFalsy(payload))
        {
            // StackStorm's RuleFilter: "if criteria and not payload: return False".
            var empty = new List<CriterionTrace>();
            if (trace)
            {
                empty.Add(new CriterionTrace("trigger", "payload", null, payload, false, "the trigger payload is empty, so no criteria can match", NoTrace));
            }

            return new CriteriaOutcome(false, null, empty);
        }

        var matched = EvaluateAll(criteria, "trigger", payload, ref run, run.Traces, stopAtFirstFailure: !trace);
        if (run.Traces is null && run.FirstError is null)
        {
            return matched ? Passed : NotPassed;
        }

        return new CriteriaOutcome(matched, run.FirstError, run.Traces ?? NoTrace);
    }

    private static bool IsFalsy(object? payload) => payload switch
    {
        null => true,
        Dictionary<string, object?> d => d.Count == 0,
        List<object?> l => l.Count == 0,
        string s => s.Length == 0,
        bool b => !b,
        long l => l == 0,
        double d => d == 0,
        _ => false,
    };

    private bool EvaluateAll(CompiledCriteria criteria, string rootName, object? root, ref Run run, List<CriterionTrace>? traces, bool stopAtFirstFailure)
    {
        var all = true;
        foreach (var node in criteria.Nodes)
        {
            // Errors after the first failing entry are shown in a trace but were never seen by StackStorm.
            var recordErrors = run.Recording && all;
            var saved = run.Recording;
            run.Recording = recordErrors;
            var passed = EvaluateNode(node, rootName, root, ref run, traces);
            run.Recording = saved;
            if (!passed)
            {
                all = false;
                if (stopAtFirstFailure)
                {
                    return false;
                }
            }
        }

        return all;
    }

    private bool EvaluateNode(CriteriaNode node, string rootName, object? root, ref Run run, List<CriterionTrace>? traces) => node switch
    {
        CriterionNode criterion => EvaluateCriterion(criterion, rootName, root, ref run, traces),
        CriteriaGroupNode group => EvaluateGroup(group, rootName, root, ref run, traces),
        _ => throw new InvalidOperationException("unknown criteria node"),
    };

    private bool EvaluateGroup(CriteriaGroupNode group, string rootName, object? root, ref Run run, List<CriterionTrace>? traces)
    {
        run.Depth++;
        try
        {
            var children = traces is null ? null : new List<CriterionTrace>();
            bool passed;
            string? reason = null;
            switch (group.Kind)
            {
                case CriteriaGroupKind.Or:
                    passed = false;
                    foreach (var member in group.Members)
                    {
                        var memberTraces = children is null ? null : new List<CriterionTrace>();
                        if (EvaluateAll(member, rootName, root, ref run, memberTraces, stopAtFirstFailure: children is null))
                        {
                            passed = true;
                        }

                        AddMemberTrace(children, memberTraces, children?.Count ?? 0);
                        if (passed && children is null)
                        {
                            break;
                        }
                    }

                    break;
                case CriteriaGroupKind.And:
                    passed = true;
                    foreach (var member in group.Members)
                    {
                        var memberTraces = children is null ? null : new List<CriterionTrace>();
                        if (!EvaluateAll(member, rootName, root, ref run, memberTraces, stopAtFirstFailure: children is null))
                        {
                            passed = false;
                        }

                        AddMemberTrace(children, memberTraces, children?.Count ?? 0);
                        if (!passed && children is null)
                        {
                            break;
                        }
                    }

                    break;
                default:
                    var errorsBefore = run.ErrorCount;
                    var inner = EvaluateAll(group.Members[0], rootName, root, ref run, children, stopAtFirstFailure: children is null);

                    // An error inside 'not' must not turn into a match.
                    passed = !inner && run.ErrorCount == errorsBefore;
                    if (!inner && !passed)
                    {
                        reason = "a criterion inside 'not' could not be evaluated";
                    }

                    break;
            }

            traces?.Add(new CriterionTrace(group.Key, group.Kind.ToString().ToLowerInvariant(), null, null, passed, reason, children ?? NoTrace));
            return passed;
        }
        finally
        {
            run.Depth--;
        }
    }

    private static void AddMemberTrace(List<CriterionTrace>? children, List<CriterionTrace>? memberTraces, int index)
    {
        if (children is not null && memberTraces is not null)
        {
            var passed = memberTraces.All(t => t.Passed);
            children.Add(new CriterionTrace($"[{index}]", "all", null, null, passed, null, memberTraces));
        }
    }

    private bool EvaluateCriterion(CriterionNode node, string rootName, object? root, ref Run run, List<CriterionTrace>? traces)
    {
        object? pattern = node.ConstantPattern;
        object? value = null;
        List<CriterionTrace>? children = null;
        string? reason;
        bool passed;
        try
        {
            if (node.Operator is null)
            {
                // No type: StackStorm returns no match without an error.
                traces?.Add(new CriterionTrace(node.Key, "(none)", node.Pattern, null, false, node.PatternProblem, NoTrace));
                return false;
            }

            if (node.PatternIsTemplate)
            {
                pattern = RenderPattern(node, rootName, root, ref run);
            }
            else if (node.Operator == CriteriaOperator.Search)
            {
                pattern = node.Pattern;
            }

            value = LookUp(node, rootName, root);
            if (node.PatternProblem is not null)
            {
                throw new CriterionFailureException(node.PatternProblem);
            }

            if (node.Operator == CriteriaOperator.Search)
            {
                children = traces is null ? null : new List<CriterionTrace>();
                passed = Search(node, value, ref run, children);
            }
            else
            {
                var regex = node.PatternIsTemplate ? null : node.ConstantRegex;
                passed = CriteriaOperators.Apply(node.Operator.Value, value, pattern, regex, _clock, _regexTimeout);
            }

            reason = null;
        }
        catch (CriterionFailureException ex)
        {
            passed = false;
            reason = ex.Message.StartsWith("Failed ", StringComparison.Ordinal)
                ? ex.Message
                : $"There might be a problem with the criteria key \"{node.Key}\" ({node.OperatorName}): {ex.Message}";
            run.AddError(reason);
        }

        traces?.Add(new CriterionTrace(node.Key, node.OperatorName ?? "(none)", pattern, value, passed, reason, (IReadOnlyList<CriterionTrace>?)children ?? NoTrace));
        return passed;
    }

    private static object? LookUp(CriterionNode node, string rootName, object? root)
    {
        try
        {
            return node.Path.TryGetFirst(rootName, root, out var found) ? found : null;
        }
        catch (CriterionFailureException ex)
        {
            throw new CriterionFailureException($"Failed transforming criteria key {node.Key}: {ex.Message}");
        }
    }

    private object? RenderPattern(CriterionNode node, string rootName, object? root, ref Run run)
    {
        var text = (string)node.Pattern!;
        if (_templates is null)
        {
            throw new CriterionFailureException($"Failed to render pattern value \"{text}\" for key \"{node.Key}\": no Jinja renderer is configured");
        }

        var scope = new ExpressionScope(new Dictionary<string, object?>(StringComparer.Ordinal) { [rootName] = root }) { KeyValues = run.KeyValues };
        try
        {
            return PatternRendering.Render(text, scope, _templates);
        }
        catch (ExpressionException ex)
        {
            throw new CriterionFailureException($"Failed to render pattern value \"{text}\" for key \"{node.Key}\": {ex.Message}");
        }
    }

    private bool Search(CriterionNode node, object? value, ref Run run, List<CriterionTrace>? traces)
    {
        if (run.Depth > RuleLimits.MaxSearchDepth)
        {
            throw new CriterionFailureException($"search criteria are nested more than {RuleLimits.MaxSearchDepth} levels deep");
        }

        IEnumerable<object?> items = value switch
        {
            Dictionary<string, object?> dict => [dict],
            List<object?> list => list,
            string s => s.Select(c => (object?)c.ToString()),
            _ => throw new CriterionFailureException($"'{PythonSemantics.TypeName(value)}' object is not iterable"),
        };
        var condition = node.Condition!;
        var anyItem = condition is "any" or "any2any";
        var anyPattern = condition is "any2any" or "all2any";
        var result = !anyItem;
        var index = 0;
        run.Depth++;
        try
        {
            foreach (var item in items)
            {
                var itemTraces = traces is null ? null : new List<CriterionTrace>();
                var patternResult = !anyPattern;
                foreach (var child in node.SearchCriteria!.Nodes)
                {
                    // StackStorm evaluates every child of every item (list comprehensions), so all errors are seen.
                    var ok = EvaluateNode(child, "item", item, ref run, itemTraces);
                    patternResult = anyPattern ? patternResult || ok : patternResult && ok;
                }

                result = anyItem ? result || patternResult : result && patternResult;
                traces?.Add(new CriterionTrace($"item[{index}]", condition, null, item, patternResult, null, itemTraces ?? NoTrace));
                index++;
            }
        }
        finally
        {
            run.Depth--;
        }

        return result;
    }

    private struct Run(IKeyValueLookup? keyValues, bool trace)
    {
        public IKeyValueLookup? KeyValues { get; } = keyValues;

        public List<CriterionTrace>? Traces { get; } = trace ? new List<CriterionTrace>() : null;

        public string? FirstError { get; private set; }

        public int ErrorCount { get; private set; }

        public bool Recording { get; set; } = true;

        public int Depth { get; set; }

        public void AddError(string reason)
        {
            ErrorCount++;
            if (Recording)
            {
                FirstError ??= reason;
            }
        }
    }
}
