using ServerlessFlow.Runtime.Api;
using ServerlessFlow.Runtime.Packs;

namespace ServerlessFlow.Runtime.Composition;

/// <summary>
/// The pack lifecycle of a running host: install and remove packs (<see cref="PackInstaller"/>), then reload what the host
/// runs (<see cref="ServerlessFlowRuntime.ReloadAsync"/>): rules, webhooks, timers, sensors and workflow definitions follow,
/// and executions already running keep what they started with. What the <c>packs.install</c>, <c>packs.uninstall</c> and
/// <c>packs.load</c> actions run.
/// </summary>
public sealed class PackManagement : IPackRegistrar
{
    private readonly ServerlessFlowRuntime runtime;
    private readonly PackHostChoice choice;

    internal PackManagement(ServerlessFlowRuntime runtime, PackHostChoice choice)
    {
        this.runtime = runtime;
        this.choice = choice;
    }

    /// <summary>Why this host cannot install packs, or null when it can.</summary>
    public string? WhyNoInstall => choice.Install is null
        ? "This host does not install packs: its packs are deployed (publish them to its Blob container with 'sflow pack deploy', and it picks the new version up)."
        : null;

    /// <summary>Installs <paramref name="packs"/> (see <see cref="PackInstaller.InstallAsync"/>) and reloads the running packs.
    /// Throws <see cref="PackInstallException"/> when nothing was installed, saying why.</summary>
    public async Task<(PackInstallResult Install, PackReload Reload)> InstallAsync(IReadOnlyList<string> packs, bool force, bool skipDependencies, CancellationToken cancellationToken = default)
    {
        var installer = Installer();
        var result = await installer.InstallAsync(packs, force, skipDependencies, cancellationToken).ConfigureAwait(false);
        var reload = await runtime.ReloadAsync(choice.Read(), cancellationToken).ConfigureAwait(false);
        return (result, reload);
    }

    /// <summary>Removes <paramref name="packs"/> and reloads the running packs.</summary>
    public async Task<(IReadOnlyList<InstalledPack> Removed, PackReload Reload)> RemoveAsync(IReadOnlyList<string> packs, CancellationToken cancellationToken = default)
    {
        var removed = await Installer().RemoveAsync(packs, cancellationToken).ConfigureAwait(false);
        var reload = await runtime.ReloadAsync(choice.Read(), cancellationToken).ConfigureAwait(false);
        return (removed, reload);
    }

    /// <summary>Reads the host's packs again and runs them (StackStorm's <c>st2 pack register</c> / <c>st2ctl reload</c>). With
    /// <paramref name="failOnProblems"/>, packs with errors (or rules that do not compile) are refused with a
    /// <see cref="PackInstallException"/> listing them, and the packs running stay; without, what loaded runs.</summary>
    public Task<PackReload> ReloadAsync(bool failOnProblems = false, CancellationToken cancellationToken = default)
    {
        var read = choice.Read();
        if (failOnProblems && read.Problems.Count > 0)
        {
            throw new PackInstallException(
                "The packs were not reloaded (the packs running stay), because of these problems:" + Environment.NewLine
                + string.Join(Environment.NewLine, read.Problems.Select(p => "  " + p)));
        }

        return runtime.ReloadAsync(read, cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<string, long>> RegisterAsync(bool failOnProblems, CancellationToken cancellationToken) =>
        (await ReloadAsync(failOnProblems, cancellationToken).ConfigureAwait(false)).Counts;

    private PackInstaller Installer()
    {
        var options = choice.Install ?? throw new PackInstallException(WhyNoInstall!);
        return new PackInstaller(options.Environments is null && runtime.Python is { } python ? options with { Environments = python.Environments } : options);
    }
}
