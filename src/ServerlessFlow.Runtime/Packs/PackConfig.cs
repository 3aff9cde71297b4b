namespace ServerlessFlow.Runtime.Packs;

/// <summary>One pack's configuration as a run sees it.</summary>
/// <param name="Values">The values (schema defaults filled in, templates rendered, secrets decrypted).</param>
/// <param name="SecretValues">The text of every value under an item the schema marks <c>secret</c>: what records mask.</param>
public sealed record PackConfig(Dictionary<string, object?> Values, IReadOnlySet<string> SecretValues)
{
    /// <summary>No configuration.</summary>
    public static PackConfig None { get; } = new(new Dictionary<string, object?>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
}
