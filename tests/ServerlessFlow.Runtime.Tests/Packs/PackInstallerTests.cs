using ServerlessFlow.Runtime.Packs;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Packs;

public sealed class PackInstallerTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "sflow-installer-" + Guid.NewGuid().ToString("N")[..8]);

    public PackInstallerTests() => Directory.CreateDirectory(root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    /// <summary>A small pack at <paramref name="version"/>: one local-shell action whose default says the version.</summary>
    public static Dictionary<string, string> Pack(string version, string? brokenAction = null) => new()
    {
        ["pack.yaml"] = $"""
            ref: lifecycle
            name: lifecycle
            description: A pack a test installs and upgrades.
            version: {version}
            author: test
            email: test@example.com
            """,
        ["actions/say.yaml"] = brokenAction ?? $"""
            name: say
            runner_type: local-shell-cmd
            parameters:
              cmd:
                default: echo {version}
            """,
    };

    [Fact]
    public async Task InstallAsync_BareGitRepositoryAtTags_InstallsEachTagAndUpgrades()
    {
        var repository = new GitPackRepository(Path.Combine(root, "git"));
        repository.Publish("v1.0.0", Pack("1.0.0"));
        repository.Publish("v2.0.0", Pack("2.0.0"));
        var installer = new PackInstaller(new PackInstallOptions { PacksFolder = Path.Combine(root, "packs") });

        var first = await installer.InstallAsync([repository.Url + "=v1.0.0"]);
        var firstText = await File.ReadAllTextAsync(Path.Combine(root, "packs", "lifecycle", "actions", "say.yaml"));
        var second = await installer.InstallAsync([repository.Url + "=v2.0.0"]);
        var again = await installer.InstallAsync([repository.Url + "=v2.0.0"]);

        var installed = Assert.Single(first.Packs);
        Assert.Equal(("lifecycle", "1.0.0", true, (string?)null), (installed.Ref, installed.Version, installed.Changed, installed.PreviousVersion));
        Assert.Matches("^[0-9a-f]{40}$", installed.Commit);
        Assert.StartsWith("sha256:", installed.ContentHash, StringComparison.Ordinal);
        Assert.Contains("echo 1.0.0", firstText, StringComparison.Ordinal);
        var upgraded = Assert.Single(second.Packs);
        Assert.Equal(("2.0.0", "1.0.0", true), (upgraded.Version, upgraded.PreviousVersion, upgraded.Changed));
        Assert.NotEqual(installed.ContentHash, upgraded.ContentHash);
        Assert.Contains("echo 2.0.0", await File.ReadAllTextAsync(Path.Combine(root, "packs", "lifecycle", "actions", "say.yaml")), StringComparison.Ordinal);
        Assert.False(Assert.Single(again.Packs).Changed);
        Assert.Equal(["download_pack", "validate_pack", "register_pack"], first.Steps.Select(s => s.Name));
        Assert.Equal(["lifecycle"], installer.Installed().Keys);
    }

    [Fact]
    public async Task InstallAsync_TagFailingValidation_ThrowsNamingTheFileAndKeepsTheInstalledVersion()
    {
        var repository = new GitPackRepository(Path.Combine(root, "git"));
        repository.Publish("v1.0.0", Pack("1.0.0"));
        repository.Publish("v2.0.0", Pack("2.0.0", brokenAction: "name: say\nrunner_type: [unclosed\n"));
        var installer = new PackInstaller(new PackInstallOptions { PacksFolder = Path.Combine(root, "packs") });
        await installer.InstallAsync([repository.Url + "=v1.0.0"]);

        var refused = await Assert.ThrowsAsync<PackInstallException>(() => installer.InstallAsync([repository.Url + "=v2.0.0"]));

        Assert.Contains("say.yaml", refused.Message, StringComparison.Ordinal);
        Assert.Equal("1.0.0", installer.Installed()["lifecycle"].Spec.Version);
        Assert.Contains("echo 1.0.0", await File.ReadAllTextAsync(Path.Combine(root, "packs", "lifecycle", "actions", "say.yaml")), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateDirectories(Path.Combine(root, "packs", PackInstaller.StagingFolderName)));
    }

    [Fact]
    public async Task InstallAsync_UnknownTag_ThrowsNamingItAndInstallsNothing()
    {
        var repository = new GitPackRepository(Path.Combine(root, "git"));
        repository.Publish("v1.0.0", Pack("1.0.0"));
        var installer = new PackInstaller(new PackInstallOptions { PacksFolder = Path.Combine(root, "packs") });

        var refused = await Assert.ThrowsAsync<PackInstallException>(() => installer.InstallAsync([repository.Url + "=v9.9.9"]));

        Assert.Contains("v9.9.9", refused.Message, StringComparison.Ordinal);
        Assert.Empty(installer.Installed());
    }

    [Fact]
    public async Task InstallAsync_ExchangeCsvPackFromGitAtTag_InstallsItUnchanged()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "ServerlessFlow.sln")))
        {
            folder = folder.Parent;
        }

        // StackStorm Exchange's csv pack (tests/TestData/third_party/csv, see its PROVENANCE), published at its version's tag.
        var csv = Path.Combine(folder!.FullName, "tests", "TestData", "third_party", "csv");
        var files = Directory.EnumerateFiles(csv, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(csv, f), File.ReadAllText);
        var repository = new GitPackRepository(Path.Combine(root, "git"));
        repository.Publish("v1.0.0", files);
        var installer = new PackInstaller(new PackInstallOptions { PacksFolder = Path.Combine(root, "packs") });

        var result = await installer.InstallAsync([repository.Url + "=v1.0.0"]);

        Assert.Equal(("csv", "1.0.0"), (Assert.Single(result.Packs).Ref, result.Packs[0].Version));
        Assert.Empty(result.Warnings);
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(csv, "actions", "format.py")),
            await File.ReadAllTextAsync(Path.Combine(root, "packs", "csv", "actions", "format.py")));
    }

    [Fact]
    public async Task RemoveAsync_InstalledAndSystemPacks_RemovesTheOneAndRefusesTheOther()
    {
        var source = Path.Combine(root, "source");
        foreach (var (path, text) in Pack("1.0.0"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(source, path))!);
            await File.WriteAllTextAsync(Path.Combine(source, path), text);
        }

        var installer = new PackInstaller(new PackInstallOptions { PacksFolder = Path.Combine(root, "packs") });
        await installer.InstallAsync([source]);

        var system = await Assert.ThrowsAsync<PackInstallException>(() => installer.RemoveAsync(["core"]));
        var removed = await installer.RemoveAsync(["lifecycle"]);
        var missing = await Assert.ThrowsAsync<PackInstallException>(() => installer.RemoveAsync(["lifecycle"]));

        Assert.Contains("system pack", system.Message, StringComparison.Ordinal);
        Assert.Equal("lifecycle", Assert.Single(removed).Ref);
        Assert.Contains("not installed", missing.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "packs", "lifecycle")));
    }
}
