namespace ServerlessFlow.Core.Orquesta.Inspection;

/// <summary>One inspection finding: where in the spec, which schema rule, and what is wrong.</summary>
/// <param name="Message">What is wrong.</param>
/// <param name="SpecPath">Path into the workflow (<c>tasks.task1.next[0].do</c>), or null for the root.</param>
/// <param name="SchemaPath">Path into orquesta's schema (<c>properties.tasks.patternProperties.^\w+$</c>), or null.</param>
/// <param name="Type">For expression and context errors: <c>yaql</c> or <c>jinja</c>.</param>
/// <param name="Expression">For expression and context errors: the expression text.</param>
public sealed record InspectionError(string Message, string? SpecPath, string? SchemaPath, string? Type = null, string? Expression = null);
