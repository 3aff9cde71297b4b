using ServerlessFlow.Core.Packs;

namespace ServerlessFlow.Core.Aliases;

/// <summary>One format of one alias that a command matched (st2's format dictionary: alias, format, display,
/// representation, match_multiple).</summary>
/// <param name="Alias">The alias.</param>
/// <param name="Format">The format as written.</param>
/// <param name="Display">Its help text (null when the format has none).</param>
/// <param name="Representation">The pattern that matched (empty for a format that has only a display).</param>
/// <param name="MatchMultiple">True when the action runs once per match.</param>
public sealed record AliasFormatMatch(ActionAliasSpec Alias, object? Format, string? Display, string Representation, bool MatchMultiple);
