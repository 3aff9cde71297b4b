using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Schemas;

namespace ServerlessFlow.Core.Rules.Triggers;

/// <summary>A trigger type as the rules engine needs it: its reference and the schemas of its
/// parameters (what a rule's <c>trigger.parameters</c> may say) and of its payload.</summary>
/// <param name="Ref">The reference, <c>pack.name</c> (e.g. <c>core.st2.webhook</c>).</param>
/// <param name="Description">What fires it.</param>
/// <param name="ParametersSchema">JSON schema of the parameters (a plain value), or null when it takes none.</param>
/// <param name="PayloadSchema">JSON schema of the payload (a plain value), or null when any payload is accepted.</param>
public sealed record TriggerTypeDescriptor(string Ref, string Description, object? ParametersSchema, object? PayloadSchema)
{
    /// <summary>The rules engine's view of a trigger type declared by a pack or built in.</summary>
    public static TriggerTypeDescriptor From(TriggerTypeSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new TriggerTypeDescriptor(spec.Ref, spec.Description ?? string.Empty, Plain(spec.ParametersSchema), Plain(spec.PayloadSchema));
    }

    private static Dictionary<string, object?>? Plain(IReadOnlyDictionary<string, object?>? schema) =>
        schema?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>Validates trigger parameters against the parameters schema; returns the violations.</summary>
    public IReadOnlyList<string> ValidateParameters(object? parameters)
    {
        if (ParametersSchema is null)
        {
            return parameters is null or Dictionary<string, object?> { Count: 0 }
                ? []
                : [$"trigger type {Ref} takes no parameters"];
        }

        return SchemaValidator.Validate(parameters ?? new Dictionary<string, object?>(StringComparer.Ordinal), ParametersSchema, "parameters");
    }

    /// <summary>Validates a payload against the payload schema; returns the violations.</summary>
    public IReadOnlyList<string> ValidatePayload(object? payload) =>
        PayloadSchema is null ? [] : SchemaValidator.Validate(payload, PayloadSchema, "payload");
}
