namespace ServerlessFlow.Core.Rules.Parameters;

/// <summary>Rendered, cast action parameters and the names of the secret ones.</summary>
/// <param name="Values">Parameter values (real values: hand them to the action, never to a log).</param>
/// <param name="SecretNames">Parameters declared <c>secret: true</c>.</param>
public sealed record RenderedParameters(IReadOnlyDictionary<string, object?> Values, IReadOnlyList<string> SecretNames)
{
    /// <summary>The values with every secret replaced by <see cref="Enforcement.RuleEnforcement.MaskedValue"/>.</summary>
    public IReadOnlyDictionary<string, object?> Masked()
    {
        var masked = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in Values)
        {
            masked[name] = SecretNames.Contains(name, StringComparer.Ordinal) && value is not null ? Enforcement.RuleEnforcement.MaskedValue : value;
        }

        return masked;
    }
}
