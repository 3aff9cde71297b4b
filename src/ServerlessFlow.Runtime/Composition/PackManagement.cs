using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Values;
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
    private readonly SemaphoreSlim changing = new(1, 1);

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

    /// <inheritdoc/>
    public async Task<ActionSpec> SaveActionAsync(ActionFileWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var actionRef = write.Pack.Ref + "." + (write.Metadata.GetValueOrDefault("name") as string);
        return await ChangeAsync(
            write.Pack,
            change =>
            {
                foreach (var (path, text) in write.DataFiles)
                {
                    change.Write("actions/" + path, text);
                }

                change.Write(write.MetadataFile, YamlValueWriter.Write(write.Metadata));
            },
            read => read.Catalog.FindAction(actionRef) is { } saved && saved.MetadataFile == write.MetadataFile
                ? saved
                : throw new PackInstallException($"Action {actionRef} was not saved: {write.MetadataFile} did not load as that action."),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task DeleteActionAsync(ActionSpec action, bool removeFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var pack = runtime.Catalog.FindPack(action.Pack) ?? throw new PackInstallException($"Pack {action.Pack} is not loaded.");

        // st2's delete_action_files_from_pack removes the entry point too; here only when no other action of the pack runs it.
        var entryPointShared = pack.Actions.Any(a => a.Ref != action.Ref && a.EntryPoint == action.EntryPoint);
        return ChangeAsync(
            pack,
            change =>
            {
                change.Delete(action.MetadataFile);
                if (removeFiles && !string.IsNullOrEmpty(action.EntryPoint) && !entryPointShared)
                {
                    change.Delete("actions/" + action.EntryPoint);
                }
            },
            read => read.Catalog.FindAction(action.Ref) is null
                ? true
                : throw new PackInstallException($"Action {action.Ref} is still defined after {action.MetadataFile} was removed."),
            cancellationToken);
    }

    /// <summary>Changes files of <paramref name="pack"/>, reads the packs again and, when no error names a file changed and
    /// <paramref name="accept"/> takes what was read, runs them; otherwise puts the files back and throws
    /// <see cref="PackInstallException"/> saying why (the packs running stay as they were).</summary>
    private async Task<T> ChangeAsync<T>(PackSpec pack, Action<PackFileChange> apply, Func<LoadedPacks, T> accept, CancellationToken cancellationToken)
    {
        if (choice.Install is null)
        {
            throw new PackInstallException("This host does not change its packs' files: its packs are deployed. Change the pack where it is kept and deploy it again.");
        }

        await changing.WaitAsync(cancellationToken).ConfigureAwait(false);
        var change = new PackFileChange(pack.Location);
        try
        {
            T result;
            LoadedPacks read;
            try
            {
                apply(change);
                read = choice.Read();
                var changed = change.DisplayPaths.ToHashSet(StringComparer.Ordinal);
                var errors = read.Diagnostics.Where(d => d.IsError && changed.Contains(d.File)).Select(d => "  " + d).ToList();
                if (errors.Count > 0)
                {
                    throw new PackInstallException("Nothing was changed, because of these problems:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
                }

                result = accept(read);
            }
            catch (Exception ex) when (ex is PackInstallException or IOException or UnauthorizedAccessException)
            {
                change.Undo();
                throw ex is PackInstallException ? ex : new PackInstallException($"The pack folder {pack.Location} could not be changed: {ex.Message}");
            }

            await runtime.ReloadAsync(read, cancellationToken).ConfigureAwait(false);
            return result;
        }
        finally
        {
            changing.Release();
        }
    }

    private PackInstaller Installer()
    {
        var options = choice.Install ?? throw new PackInstallException(WhyNoInstall!);
        return new PackInstaller(options.Environments is null && runtime.Python is { } python ? options with { Environments = python.Environments } : options);
    }
}
