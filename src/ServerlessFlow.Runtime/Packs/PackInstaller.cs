using ServerlessFlow.Core.Packs;
using ServerlessFlow.Core.Rules.Matching;
using ServerlessFlow.Runtime.Python;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>
/// <c>st2 pack install</c> and <c>st2 pack remove</c> for a packs folder: each pack is fetched (git clone at a branch, tag or
/// commit, or a copy of a folder) into a hidden staging folder beside the installed packs, validated together with every
/// other pack the host loads — its own errors, its rules, its configuration file against its new schema — and its Python
/// virtual environment is built from <c>requirements.txt</c>; only then does it replace the installed copy, by renaming
/// folders. A pack that fails any step is not installed, and the copy installed before stays and keeps running. Unlike
/// StackStorm, which moves the new copy in before registering it, nothing installed changes until everything passed.
/// One install or removal at a time per packs folder, across processes (a lock file in the staging folder).
/// </summary>
public sealed class PackInstaller
{
    /// <summary>Packs that cannot be removed (StackStorm refuses its system packs).</summary>
    public static readonly IReadOnlySet<string> SystemPacks = new HashSet<string>(StringComparer.Ordinal) { "core", "packs" };

    /// <summary>The hidden folder under the packs folder where packs are fetched and old copies wait to be deleted.</summary>
    public const string StagingFolderName = ".sflow-staging";

    private static readonly SemaphoreSlim InProcess = new(1, 1);
    private readonly PackInstallOptions options;

    /// <summary>Creates an installer for <see cref="PackInstallOptions.PacksFolder"/>.</summary>
    public PackInstaller(PackInstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
    }

    /// <summary>The options in use.</summary>
    public PackInstallOptions Options => options;

    /// <summary>
    /// Installs or upgrades <paramref name="packs"/> (each <c>&lt;git URL | folder | Exchange name&gt;[=&lt;ref&gt;]</c>), with
    /// their dependencies unless <paramref name="skipDependencies"/>. All or nothing: the packs are moved in only when every
    /// one of them passed. <paramref name="force"/> reinstalls content that is already installed unchanged. Throws
    /// <see cref="PackInstallException"/> naming the pack and the reason; nothing installed has changed then.
    /// </summary>
    public async Task<PackInstallResult> InstallAsync(IReadOnlyList<string> packs, bool force = false, bool skipDependencies = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packs);
        if (packs.Count == 0)
        {
            throw new PackInstallException("No pack to install was given.");
        }

        await using var gate = await LockAsync(cancellationToken).ConfigureAwait(false);
        var staging = Staging();
        var fetched = new List<FetchedPack>();
        var steps = new List<PackInstallStep>();
        try
        {
            var queue = new Queue<(string Spec, int Depth)>(packs.Select(p => (p, 0)));
            while (queue.Count > 0)
            {
                var (spec, depth) = queue.Dequeue();
                var source = PackInstallSource.Parse(spec, options.CurrentDirectory);
                var pack = await FetchAsync(source, staging, cancellationToken).ConfigureAwait(false);
                steps.Add(new PackInstallStep("download_pack", pack.Ref, $"{(pack.Commit is { } c ? "cloned " + source.Location + " at " + c : "copied " + source.Location)}"));
                if (fetched.FirstOrDefault(f => f.Ref == pack.Ref) is { } twice)
                {
                    throw new PackInstallException($"Pack '{pack.Ref}' is named twice ({twice.Source.Text} and {spec}).");
                }

                fetched.Add(pack);
                if (!skipDependencies && depth < 10)
                {
                    foreach (var dependency in pack.Spec.Dependencies)
                    {
                        if (!DependencyInstalled(dependency, fetched))
                        {
                            queue.Enqueue((dependency, depth + 1));
                        }
                    }
                }
            }

            var warnings = Validate(fetched);
            steps.Add(new PackInstallStep("validate_pack", string.Join(", ", fetched.Select(f => f.Ref)), warnings.Count == 0 ? "valid" : $"valid, {warnings.Count} warning(s)"));
            foreach (var pack in fetched)
            {
                if (options.Environments is { } environments && File.Exists(Path.Combine(pack.Folder, "requirements.txt")))
                {
                    try
                    {
                        var environment = await environments.EnsureAsync(pack.Ref, pack.Folder, cancellationToken).ConfigureAwait(false);
                        steps.Add(new PackInstallStep("install_pack_requirements", pack.Ref, environment.Installed.Count == 0 ? "requirements met" : "installed " + string.Join(", ", environment.Installed)));
                    }
                    catch (PythonEnvironmentException ex)
                    {
                        throw new PackInstallException($"Pack '{pack.Ref}': {ex.Message}", ex);
                    }
                }
            }

            var installed = new List<InstalledPack>();
            foreach (var pack in fetched)
            {
                installed.Add(MoveIn(pack, staging, force));
            }

            steps.Add(new PackInstallStep("register_pack", string.Join(", ", fetched.Select(f => f.Ref)), "moved into " + options.PacksFolder));
            return new PackInstallResult(installed, warnings, steps);
        }
        finally
        {
            foreach (var pack in fetched.Where(p => Directory.Exists(p.Folder)))
            {
                DeleteQuietly(pack.Folder);
            }
        }
    }

    /// <summary>Removes installed packs (their folder and virtual environment). Throws <see cref="PackInstallException"/> for
    /// a pack that is not installed in the packs folder, or a system pack.</summary>
    public async Task<IReadOnlyList<InstalledPack>> RemoveAsync(IReadOnlyList<string> packs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packs);
        await using var gate = await LockAsync(cancellationToken).ConfigureAwait(false);
        var installed = Installed();
        var removing = new List<(string Folder, PackSpec Spec)>();
        foreach (var name in packs)
        {
            if (SystemPacks.Contains(name))
            {
                throw new PackInstallException($"Pack '{name}' is a system pack and cannot be removed.");
            }

            if (!installed.TryGetValue(name, out var found))
            {
                throw new PackInstallException($"Pack '{name}' is not installed in {options.PacksFolder} (installed: {string.Join(", ", installed.Keys.Order(StringComparer.Ordinal))}).");
            }

            removing.Add(found);
        }

        var staging = Staging();
        var removed = new List<InstalledPack>();
        foreach (var (folder, spec) in removing)
        {
            var aside = Path.Combine(staging, "removed-" + spec.Ref + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.Move(folder, aside);
            DeleteQuietly(aside);
            if (options.Environments is { } environments)
            {
                DeleteQuietly(Path.Combine(environments.Options.VirtualEnvironmentsRoot, spec.Ref));
            }

            removed.Add(new InstalledPack(spec.Ref, spec.Version, spec.ContentHash ?? string.Empty, folder, null, spec.Version, Changed: true));
        }

        return removed;
    }

    /// <summary>The packs installed in the packs folder now, by ref: their folder and metadata.</summary>
    public IReadOnlyDictionary<string, (string Folder, PackSpec Spec)> Installed()
    {
        var found = new Dictionary<string, (string, PackSpec)>(StringComparer.Ordinal);
        if (!Directory.Exists(options.PacksFolder))
        {
            return found;
        }

        foreach (var folder in Directory.EnumerateDirectories(options.PacksFolder).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "pack.yaml")))
            {
                var source = new FileSystemPackSource(folder, folder);
                var spec = PackLoader.Load(source).Pack;
                found.TryAdd(spec.Ref, (folder, spec with { ContentHash = source.ComputeContentHash() }));
            }
        }

        return found;
    }

    private async Task<FetchedPack> FetchAsync(PackInstallSource source, string staging, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(staging, "fetch-" + Guid.NewGuid().ToString("N")[..12]);
        string? commit = null;
        try
        {
            if (source.IsLocalFolder && !GitClient.IsRepository(source.Location))
            {
                if (source.Ref is not null)
                {
                    throw new PackInstallException($"'{source.Text}' asks for version {source.Ref}, but {source.Location} is not a git repository; give the folder alone.");
                }

                CopyFolder(source.Location, folder);
            }
            else
            {
                commit = await options.Git.CloneAsync(source.Location, source.Ref, folder, cancellationToken).ConfigureAwait(false);
            }

            if (!File.Exists(Path.Combine(folder, "pack.yaml")))
            {
                throw new PackInstallException($"{source.Text} is not a pack: it has no pack.yaml at its top.");
            }

            var spec = PackLoader.Load(new FileSystemPackSource(folder, folder)).Pack;
            return new FetchedPack(source, folder, spec.Ref, spec, commit);
        }
        catch
        {
            DeleteQuietly(folder);
            throw;
        }
    }

    private bool DependencyInstalled(string dependency, List<FetchedPack> fetched)
    {
        // A dependency is "name[=version]" or a URL; a pack already installed or being installed under that name counts.
        var name = dependency.Split(PackInstallSource.VersionSeparator)[0].TrimEnd('/');
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.StartsWith("stackstorm-", StringComparison.Ordinal))
        {
            name = name["stackstorm-".Length..];
        }

        if (name.EndsWith(".git", StringComparison.Ordinal))
        {
            name = name[..^4];
        }

        return fetched.Any(f => f.Ref == name) || Installed().ContainsKey(name) || OtherPacks().Any(p => p.Ref == name);
    }

    private List<PackSpec> OtherPacks() =>
        [.. PackFolders.Find(options.OtherPackFolders.Where(Directory.Exists)).Sources.Select(s => PackLoader.Load(s).Pack)];

    /// <summary>Loads every pack the host runs with the fetched ones in place of their installed copies, and refuses the
    /// install when a fetched pack has an error, a rule that does not compile, or a configuration its new schema rejects.
    /// Errors the new packs cause in other packs are returned as warnings.</summary>
    private List<string> Validate(List<FetchedPack> fetched)
    {
        var refs = fetched.Select(f => f.Ref).ToHashSet(StringComparer.Ordinal);
        var folders = new List<string> { options.PacksFolder };
        folders.AddRange(options.OtherPackFolders.Where(f => !SamePath(f, options.PacksFolder)));
        var (others, _) = PackFolders.Find(folders.Where(Directory.Exists));
        var otherLoads = others.Select(s => PackLoader.Load(s)).ToList();
        var before = PackCatalog.Create(otherLoads).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);

        var staged = fetched.ToDictionary(f => f.Ref, f => Display(f.Ref), StringComparer.Ordinal);
        var loads = otherLoads.Where(l => !refs.Contains(l.Pack.Ref)).ToList();
        loads.AddRange(fetched.Select(f => PackLoader.Load(new FileSystemPackSource(f.Folder, staged[f.Ref]))));
        var catalog = PackCatalog.Create(loads);

        var problems = new List<string>();
        var warnings = new List<string>();
        foreach (var diagnostic in catalog.Diagnostics.Where(d => d.IsError))
        {
            if (staged.Values.Any(location => diagnostic.File.StartsWith(location + "/", StringComparison.Ordinal) || diagnostic.File == location))
            {
                problems.Add(diagnostic.ToString());
            }
            else if (!before.Contains(diagnostic.ToString()))
            {
                warnings.Add(diagnostic.ToString());
            }
        }

        foreach (var problem in RuleSet.FromCatalog(catalog).Problems)
        {
            if (refs.Any(r => problem.StartsWith(r + ".", StringComparison.Ordinal)))
            {
                problems.Add(problem);
            }
        }

        foreach (var pack in fetched)
        {
            var configPath = options.ConfigsFolder is null ? null : Path.Combine(options.ConfigsFolder, pack.Ref + ".yaml");
            if (configPath is not null && File.Exists(configPath))
            {
                var spec = catalog.FindPack(pack.Ref) ?? pack.Spec;
                problems.AddRange(PackConfigLoader.Load(spec, configPath, File.ReadAllText(configPath)).Diagnostics.Where(d => d.IsError).Select(d => d.ToString()));
            }
        }

        if (problems.Count > 0)
        {
            throw new PackInstallException(
                $"Pack{(fetched.Count > 1 ? "s" : string.Empty)} {string.Join(", ", fetched.Select(f => f.Ref))} failed validation and {(fetched.Count > 1 ? "were" : "was")} not installed (what is installed is unchanged):"
                + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)));
        }

        return warnings;
    }

    private InstalledPack MoveIn(FetchedPack pack, string staging, bool force)
    {
        Directory.CreateDirectory(options.PacksFolder);
        var destination = Path.Combine(options.PacksFolder, pack.Ref);
        var hash = new FileSystemPackSource(pack.Folder, pack.Folder).ComputeContentHash();
        string? previousVersion = null;
        if (Directory.Exists(destination))
        {
            var previous = new FileSystemPackSource(destination, destination);
            previousVersion = File.Exists(Path.Combine(destination, "pack.yaml")) ? PackLoader.Load(previous).Pack.Version : null;
            if (!force && previous.ComputeContentHash() == hash)
            {
                return new InstalledPack(pack.Ref, pack.Spec.Version, hash, pack.Source.Text, pack.Commit, previousVersion, Changed: false);
            }

            // Renames on one file system: the old copy steps aside, the new one steps in, the old one goes.
            var aside = Path.Combine(staging, "replaced-" + pack.Ref + "-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.Move(destination, aside);
            try
            {
                Directory.Move(pack.Folder, destination);
            }
            catch
            {
                Directory.Move(aside, destination);
                throw;
            }

            DeleteQuietly(aside);
        }
        else
        {
            Directory.Move(pack.Folder, destination);
        }

        return new InstalledPack(pack.Ref, pack.Spec.Version, hash, pack.Source.Text, pack.Commit, previousVersion, Changed: true);
    }

    private string Display(string packRef) => Path.Combine(options.PacksFolder, packRef).Replace('\\', '/');

    private string Staging()
    {
        var staging = Path.Combine(options.PacksFolder, StagingFolderName);
        Directory.CreateDirectory(staging);
        return staging;
    }

    private async Task<InstallLock> LockAsync(CancellationToken cancellationToken)
    {
        await InProcess.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var path = Path.Combine(Staging(), ".lock");
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    return new InstallLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), InProcess);
                }
                catch (IOException) when (attempt < 600)
                {
                    // Another process is installing into the same folder: wait for it (up to ten minutes).
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            InProcess.Release();
            throw;
        }
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint };
        foreach (var file in Directory.EnumerateFiles(from, "*", options))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.')))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left in the hidden staging folder (never loaded); the next install tries again.
        }
    }

    private sealed record FetchedPack(PackInstallSource Source, string Folder, string Ref, PackSpec Spec, string? Commit);

    /// <summary>Holds the in-process gate and the lock file until disposed.</summary>
    private sealed class InstallLock(FileStream file, SemaphoreSlim gate) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await file.DisposeAsync().ConfigureAwait(false);
            gate.Release();
        }
    }
}
