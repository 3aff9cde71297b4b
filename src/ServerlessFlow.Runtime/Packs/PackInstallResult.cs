namespace ServerlessFlow.Runtime.Packs;

/// <summary>What <see cref="PackInstaller.InstallAsync"/> did.</summary>
/// <param name="Packs">Each pack installed (dependencies included), in the order fetched.</param>
/// <param name="Warnings">Errors the new packs cause in other packs (they are installed all the same), as StackStorm's
/// <c>warning_list</c>.</param>
/// <param name="Steps">What was done, step by step, with StackStorm's task names (<c>download_pack</c>, …).</param>
public sealed record PackInstallResult(IReadOnlyList<InstalledPack> Packs, IReadOnlyList<string> Warnings, IReadOnlyList<PackInstallStep> Steps);

/// <summary>One pack installed or removed.</summary>
/// <param name="Ref">The pack's ref.</param>
/// <param name="Version">Its version now (for a removed pack: the version removed).</param>
/// <param name="ContentHash">Its content hash (<c>sha256:…</c>).</param>
/// <param name="Source">Where it came from, as given (or its folder, when removed).</param>
/// <param name="Commit">The git commit installed, when it came from git.</param>
/// <param name="PreviousVersion">The version installed before, if any.</param>
/// <param name="Changed">False when the same content was installed already (nothing was replaced).</param>
public sealed record InstalledPack(string Ref, string? Version, string ContentHash, string Source, string? Commit, string? PreviousVersion, bool Changed);

/// <summary>One step of an install.</summary>
/// <param name="Name">StackStorm's task name for it.</param>
/// <param name="Pack">The pack(s) concerned.</param>
/// <param name="Message">What happened.</param>
public sealed record PackInstallStep(string Name, string Pack, string Message);
