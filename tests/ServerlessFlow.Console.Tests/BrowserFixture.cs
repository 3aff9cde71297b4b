using Microsoft.Playwright;

namespace ServerlessFlow.Console.Tests;

/// <summary>
/// One headless Chromium for the test class: Debian's <c>/usr/bin/chromium</c> (eng/ci-deps.sh installs it), launched by
/// Playwright with the flags this machine needs (no sandbox as root, no background networking on a closed network). Playwright
/// never downloads a browser of its own. When Chromium is absent, <see cref="SkipReason"/> says so and the tests skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    /// <summary>The browser (null when skipped).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why the browser tests skip, or null when they run.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>One server the tests share (each arranges its own executions under its own trace tag or action); tests of a
    /// server that stops or that needs a key start their own.</summary>
    public ConsoleServer Server => server ?? throw new InvalidOperationException("The browser tests are skipped.");

    private ConsoleServer? server;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            SkipReason = $"Debian's chromium is not installed at {ChromiumPath} (eng/ci-deps.sh installs it): the console's browser tests are skipped.";
            return;
        }

        // Playwright's driver would otherwise look for (and offer to download) browsers of its own.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        server = await ConsoleServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>A fresh page in its own context (its own storage, so no API key carries over between tests).</summary>
    public async Task<IPage> NewPageAsync(bool bypassCsp = false)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 950 },
            BypassCSP = bypassCsp,
        });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
