namespace ServerlessFlow.Runtime.Api;

/// <summary>What the API's <c>packs/register</c> and action writes drive: changing and reading the host's packs again and
/// running them without a restart.</summary>
public interface IPackRegistrar
{
    /// <summary>Why this host cannot install packs (<c>packs/install</c>), or null when it can.</summary>
    string? WhyNoInstall { get; }

    /// <summary>Reads the packs again and runs them; answers what is loaded now as StackStorm counts it (packs, actions,
    /// rules, sensors, triggers). With <paramref name="failOnProblems"/>, packs with errors are refused with a
    /// <see cref="Packs.PackInstallException"/> naming them, and the packs running stay.</summary>
    Task<IReadOnlyDictionary<string, long>> RegisterAsync(bool failOnProblems, CancellationToken cancellationToken);

    /// <summary>Writes an action's metadata (and data files) into its pack, reads the packs again and runs them, and answers
    /// the action as loaded. When the files written do not load cleanly they are put back as they were, the packs running
    /// stay, and a <see cref="Packs.PackInstallException"/> names each problem with its file and position.</summary>
    Task<Core.Packs.ActionSpec> SaveActionAsync(Packs.ActionFileWrite write, CancellationToken cancellationToken);

    /// <summary>Removes an action's metadata file (with <paramref name="removeFiles"/>, its entry point too when no other
    /// action runs it) and runs the packs without it.</summary>
    Task DeleteActionAsync(Core.Packs.ActionSpec action, bool removeFiles, CancellationToken cancellationToken);
}
