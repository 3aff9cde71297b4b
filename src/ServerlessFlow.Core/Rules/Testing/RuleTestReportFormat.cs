using System.Text;
using ServerlessFlow.Core.Rules.Criteria;
using ServerlessFlow.Core.Values;

namespace ServerlessFlow.Core.Rules.Testing;

/// <summary>Renders rule tester reports as text for people and as JSON for tools.</summary>
public static class RuleTestReportFormat
{
    private const int MaxShownLength = 240;

    /// <summary>The report as readable text: one block per criterion, then the parameters and the verdict.</summary>
    public static string ToText(RuleTestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append("Rule ").Append(report.RuleRef).Append(": trigger ").Append(report.RuleTriggerType)
            .Append(", action ").Append(report.ActionRef).Append(report.Enabled ? string.Empty : " (disabled)").Append('\n');
        text.Append("Trigger instance of ").Append(report.InstanceTriggerType).Append('\n');
        foreach (var note in report.Notes)
        {
            text.Append("note: ").Append(note).Append('\n');
        }

        foreach (var problem in report.PayloadProblems)
        {
            text.Append("invalid payload: ").Append(problem).Append('\n');
        }

        if (report.Criteria.Count > 0)
        {
            text.Append("Criteria:\n");
            foreach (var trace in report.Criteria)
            {
                AppendTrace(text, trace, "  ");
            }
        }
        else if (report.PayloadProblems.Count == 0 && string.Equals(report.RuleTriggerType, report.InstanceTriggerType, StringComparison.Ordinal))
        {
            text.Append("Criteria: none (every instance of the trigger matches)\n");
        }

        if (report.CriteriaError is not null)
        {
            text.Append("error: ").Append(report.CriteriaError).Append('\n');
        }

        if (report.Parameters is not null)
        {
            text.Append("Action parameters:\n");
            foreach (var (name, value) in report.Parameters)
            {
                text.Append("  ").Append(name).Append(": ").Append(Show(value)).Append('\n');
            }
        }

        if (report.ParameterError is not null)
        {
            text.Append("parameters failed: ").Append(report.ParameterError).Append('\n');
        }

        text.Append("Result: ").Append(report.Matched ? "MATCHED" : "NOT MATCHED").Append('\n');
        return text.ToString();
    }

    private static void AppendTrace(StringBuilder text, CriterionTrace trace, string indent)
    {
        text.Append(indent).Append(trace.Passed ? "PASS  " : "FAIL  ").Append(trace.Key).Append(' ').Append(trace.Operator).Append('\n');
        var isGroup = trace.Operator is "and" or "or" or "not" or "all";
        if (!isGroup && !trace.Key.StartsWith("item[", StringComparison.Ordinal))
        {
            text.Append(indent).Append("      pattern: ").Append(Show(trace.Pattern)).Append('\n');
        }

        if (!isGroup)
        {
            text.Append(indent).Append("      value:   ").Append(Show(trace.Value)).Append('\n');
        }

        if (trace.Reason is not null)
        {
            text.Append(indent).Append("      reason:  ").Append(trace.Reason).Append('\n');
        }

        foreach (var child in trace.Children)
        {
            AppendTrace(text, child, indent + "    ");
        }
    }

    private static string Show(object? value)
    {
        var json = JsonText.Serialize(value);
        return json.Length <= MaxShownLength ? json : string.Concat(json.AsSpan(0, MaxShownLength), $"... ({json.Length} characters)");
    }

    /// <summary>The report as a plain value: <c>{"rule", "matched", "criteria": [{"key", "operator", "pattern",
    /// "value", "passed", "reason"}], "parameters", …}</c>; serialise it with <see cref="JsonText"/>.</summary>
    public static Dictionary<string, object?> ToPlain(RuleTestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["rule"] = report.RuleRef,
            ["enabled"] = report.Enabled,
            ["matched"] = report.Matched,
            ["trigger"] = new Dictionary<string, object?>(StringComparer.Ordinal) { ["rule"] = report.RuleTriggerType, ["instance"] = report.InstanceTriggerType },
            ["criteria"] = report.Criteria.Select(TraceToPlain).ToList<object?>(),
            ["error"] = report.CriteriaError,
            ["action"] = report.ActionRef,
            ["parameters"] = report.Parameters?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
            ["parameters_error"] = report.ParameterError,
            ["payload_problems"] = report.PayloadProblems.ToList<object?>(),
            ["notes"] = report.Notes.ToList<object?>(),
        };
    }

    private static object? TraceToPlain(CriterionTrace trace)
    {
        var plain = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["key"] = trace.Key,
            ["operator"] = trace.Operator,
            ["pattern"] = trace.Pattern,
            ["value"] = trace.Value,
            ["passed"] = trace.Passed,
            ["reason"] = trace.Reason,
        };
        if (trace.Children.Count > 0)
        {
            plain["children"] = trace.Children.Select(TraceToPlain).ToList<object?>();
        }

        return plain;
    }
}
