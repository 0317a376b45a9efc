using EphemChat.Hosting;
using EphemChat.Testing;
using Microsoft.Playwright;

namespace EphemChat.EndToEnd.Tests;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSystemFixture>
{
    // One system and one Chromium for every browser test: two browsers at once on 2 cores slow everything down.
    public const string Name = "browser";
}

/// <summary>
/// The whole system from the AppHost model (2 signaling replicas, TURN when coturn is installed) and one headless
/// Debian Chromium with the flags that make WebRTC work on loopback without leaving the machine.
/// </summary>
public sealed class BrowserSystemFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // Playwright passes its own --disable-features list and Chromium keeps only the last one: merge ours into it.
    private static readonly string[] s_playwrightDisabled =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    ];

    private readonly List<IBrowserContext> _people = [];
    private IPlaywright? _playwright;

    public DistributedApplication App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The public origin as a person types it.</summary>
    public string BaseUrl { get; private set; } = "";

    public static string ArtifactsDirectory { get; } = Path.Combine(
        Path.GetDirectoryName(typeof(BrowserSystemFixture).Assembly.Location)!, "..", "..", "..", "..", "..", "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        App = await DistributedSystem.StartAsync<Program>(configure: builder =>
        {
            // Browser tests create many accounts and rooms from one address.
            builder["gateway"].Environment["Gateway__RateLimit__Burst"] = "2000";
            builder["gateway"].Environment["Gateway__RateLimit__PermitsPerSecond"] = "1000";
            builder["identity"].Environment["Identity__AccountCreation__PermitLimit"] = "1000";
            builder["identity"].Environment["Identity__Restore__PermitLimit"] = "1000";
        });
        BaseUrl = App.GetEndpoint("gateway").ToString().TrimEnd('/').Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=" + string.Join(",", [.. s_playwrightDisabled, "WebRtcHideLocalIpsWithMdns"]),
                "--allow-loopback-in-peer-connection",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
            ],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }

    /// <summary>A new person: their own browser context (cookies, storage) and one page.</summary>
    public async Task<IPage> NewPersonAsync(ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light, bool relayOnly = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 },
            ColorScheme = colorScheme,
        });
        // Chromium enumerates network interfaces for WebRTC only with a media permission.
        await context.GrantPermissionsAsync(["camera", "microphone", "clipboard-read", "clipboard-write"], new() { Origin = BaseUrl });
        if (relayOnly)
        {
            await context.AddInitScriptAsync("localStorage.setItem('ephem:iceTransportPolicy', 'relay');");
        }
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        lock (_people)
        {
            _people.Add(context);
        }
        return page;
    }

    /// <summary>
    /// Closes every person of the test that just ran: their hub connections drop, so signaling ends any search
    /// they left behind, and a stranded searcher cannot pair with the next test's people.
    /// </summary>
    public async Task SendEveryoneHomeAsync()
    {
        IBrowserContext[] people;
        lock (_people)
        {
            people = [.. _people];
            _people.Clear();
        }
        foreach (var person in people)
        {
            await person.CloseAsync();
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = true });
}
