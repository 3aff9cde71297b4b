namespace ServerlessFlow.Runtime.Api;

/// <summary>What the API's <c>packs/register</c> drives: reading the host's packs again and running them without a restart.</summary>
public interface IPackRegistrar
{
    /// <summary>Why this host cannot install packs (<c>packs/install</c>), or null when it can.</summary>
    string? WhyNoInstall { get; }

    /// <summary>Reads the packs again and runs them; answers what is loaded now as StackStorm counts it (packs, actions,
    /// rules, sensors, triggers). With <paramref name="failOnProblems"/>, packs with errors are refused with a
    /// <see cref="Packs.PackInstallException"/> naming them, and the packs running stay.</summary>
    Task<IReadOnlyDictionary<string, long>> RegisterAsync(bool failOnProblems, CancellationToken cancellationToken);
}
