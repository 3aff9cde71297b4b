using ServerlessFlow.Runtime.Python;

namespace ServerlessFlow.Runtime.Packs;

/// <summary>Where <see cref="PackInstaller"/> installs packs and what it checks them against.</summary>
public sealed record PackInstallOptions
{
    /// <summary>The folder packs are installed into (<c>&lt;folder&gt;/&lt;pack&gt;</c>, StackStorm's <c>/opt/stackstorm/packs</c>).</summary>
    public required string PacksFolder { get; init; }

    /// <summary>The host's other pack folders: new packs are validated together with the packs there.</summary>
    public IReadOnlyList<string> OtherPackFolders { get; init; } = [];

    /// <summary>The pack configs folder: a pack's <c>&lt;pack&gt;.yaml</c> there is checked against its new schema.</summary>
    public string? ConfigsFolder { get; init; }

    /// <summary>Builds each pack's Python virtual environment from its <c>requirements.txt</c>; null: none is built.</summary>
    public PythonEnvironmentBuilder? Environments { get; init; }

    /// <summary>The git client.</summary>
    public GitClient Git { get; init; } = new();

    /// <summary>What relative folders in pack arguments are relative to.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();
}
