using ServerlessFlow.Azure.Storage;

namespace ServerlessFlow.FunctionsHost.Tests.Hosting;

/// <summary>
/// The shared Functions host of this test project: one private Azurite (free ports, own data folder) and one real Functions
/// host running the app built in Release over the repository's packs plus this project's <c>packs/shared/</c>, started once
/// for every test class in <see cref="FunctionsHostCollection"/> (a host takes 10–15 s to answer and ~250 MB).
/// <para>To add host tests (another feature's): put the packs they need under <c>packs/shared/&lt;pack&gt;/</c> of this
/// project, write a class with <c>[Collection(FunctionsHostCollection.Name)]</c> taking this fixture, begin each
/// <c>[SkippableFact]</c> with <see cref="SkipIfUnavailable"/>, drive <see cref="Api"/> (use trace tags, hooks and keys
/// of your own: the host and its storage are shared), and wait with <see cref="Eventually"/> or
/// <see cref="HostApiClient.WaitForAsync"/>, never a fixed sleep. A test that needs other app settings or fresh storage
/// starts its own <see cref="FunctionsHostProcess"/> (see <c>Timers/TimerHostTests</c>).</para>
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;
    private TestPackFolder? packs;
    private FunctionsHostProcess? host;
    private HostApiClient? api;
    private Exception? startError;

    /// <summary>Why the tests skip (no Functions host here), or null.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The Azurite the host uses.</summary>
    public AzuriteProcess Azurite => azurite ?? throw NotStarted();

    /// <summary>The host now running (it changes when a test restarts it).</summary>
    public FunctionsHostProcess Host => host ?? throw NotStarted();

    /// <summary>The API of the host now running.</summary>
    public HostApiClient Api => api ?? throw NotStarted();

    /// <summary>The host's settings (task hub, queue, keys).</summary>
    public FunctionsHostOptions Options => Host.Options;

    /// <summary>Skips the calling test, saying why, when the Functions host is not on this machine. A host or Azurite that
    /// is here but fails to start is not a skip: the test fails with the reason.</summary>
    public void SkipIfUnavailable()
    {
        Skip.If(SkipReason is not null, SkipReason);
        if (startError is not null)
        {
            throw new InvalidOperationException("The shared Functions host did not start: " + startError.Message, startError);
        }
    }

    /// <summary>The host log's last lines, for failure messages.</summary>
    public string Diagnostics() => host?.LogTail() ?? "(no host)";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        SkipReason = HostPaths.UnavailableReason();
        if (SkipReason is not null)
        {
            return;
        }

        try
        {
            azurite = await AzuriteProcess.StartAsync(HostPaths.RepositoryRoot).ConfigureAwait(false);
            packs = TestPackFolder.Assemble(HostPaths.RepositoryPacks, HostPaths.SharedTestPacks);
            var options = new FunctionsHostOptions
            {
                StorageConnectionString = azurite.ConnectionString,
                PacksFolder = packs.Path,
                StateFolder = Directory.CreateTempSubdirectory("sflow-host-state-").FullName,
            };
            host = await FunctionsHostProcess.StartAsync(options, "shared").ConfigureAwait(false);
            api = new HostApiClient(host.BaseUrl, options.ApiKey);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            startError = ex;
        }
    }

    /// <summary>Kills the host (and its worker) without warning and starts it again with the same settings, storage and
    /// state folder, as Azure restarts a crashed instance; returns once the new one answers.</summary>
    public async Task KillAndRestartAsync()
    {
        var options = Host.Options;
        await Host.KillAsync().ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
        api?.Dispose();
        host = null;
        api = null;
        host = await FunctionsHostProcess.StartAsync(options, "shared-restarted").ConfigureAwait(false);
        api = new HostApiClient(host.BaseUrl, options.ApiKey);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        api?.Dispose();
        if (host is not null)
        {
            var state = host.Options.StateFolder;
            await host.DisposeAsync().ConfigureAwait(false);
            HostPaths.DeleteState(state);
        }

        packs?.Dispose();
        if (azurite is not null)
        {
            await azurite.DisposeAsync().ConfigureAwait(false);
        }
    }

    private InvalidOperationException NotStarted() =>
        new("The shared Functions host is not running" + (startError is null ? " (call SkipIfUnavailable first)." : ": " + startError.Message), startError);
}

/// <summary>The xUnit collection sharing one <see cref="FunctionsHostFixture"/>; its tests run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostCollection : ICollectionFixture<FunctionsHostFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Functions host";
}
