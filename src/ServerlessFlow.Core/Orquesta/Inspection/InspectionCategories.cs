namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>orquesta's four inspection error families.</summary>
public static class InspectionCategories
{
    /// <summary>Schema violations.</summary>
    public const string Syntax = "syntax";

    /// <summary>Reserved names, no start task, undefined tasks, unreachable joins, action-less with-items.</summary>
    public const string Semantics = "semantics";

    /// <summary>Expressions that do not parse.</summary>
    public const string Expressions = "expressions";

    /// <summary>Variables read before they are assigned.</summary>
    public const string Context = "context";
}
