namespace ServerlessFlow.Core.Packs;

/// <summary>A user tag on an action, rule or trigger type (<c>{name, value}</c>).</summary>
/// <param name="Name">The tag name.</param>
/// <param name="Value">The tag value, if any.</param>
public sealed record TagSpec(string Name, string? Value);
