using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>How a host's packs change while it runs.</summary>
/// <param name="Read">Reads the host's packs again: what a reload (<c>sflow pack reload</c>, <c>packs/register</c>) and an
/// install or removal load.</param>
/// <param name="Install">Where packs are installed and what they are checked against; null states that this host does not
/// install packs (the Functions app, whose packs are published to Blob Storage with <c>sflow pack deploy</c>).</param>
public sealed record PackHostChoice(Func<LoadedPacks> Read, PackInstallOptions? Install);
