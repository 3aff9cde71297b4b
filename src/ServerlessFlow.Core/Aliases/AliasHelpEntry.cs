namespace ServerlessFlow.Core.Aliases;

/// <summary>One help entry: the pack, the format's display text and the alias's description.</summary>
/// <param name="Pack">The alias's pack.</param>
/// <param name="Display">The format's display text.</param>
/// <param name="Description">The alias's description.</param>
public sealed record AliasHelpEntry(string Pack, string Display, string? Description);
