using Microsoft.Playwright;

namespace EphemChat.Dashboard.Tests;

/// <summary>
/// A developer's tour of the dashboard in a real browser (Debian's Chromium, driven by Playwright) after using the
/// system through the gateway: every page renders live data, and the trace of a rooms call spans three services.
/// Screenshots of each page go to <c>artifacts/screenshots/dashboard-*.png</c>.
/// </summary>
[Collection(DashboardSystemCollection.Name)]
public sealed class DashboardBrowserTests(DashboardSystemFixture system) : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    // Playwright passes its own --disable-features list and Chromium keeps only the last one: merge ours into it
    // (the same launch as tests/EphemChat.EndToEnd.Tests/BrowserSystemFixture.cs).
    private static readonly string[] s_playwrightDisabled =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled",
    ];

    private static readonly string s_artifacts = Path.Combine(
        Path.GetDirectoryName(typeof(DashboardBrowserTests).Assembly.Location)!, "..", "..", "..", "..", "..", "artifacts", "screenshots");

    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-features=" + string.Join(",", s_playwrightDisabled),
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
            ],
        });
        Directory.CreateDirectory(s_artifacts);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Fact]
    public async Task AfterUsingTheSystemTheDashboardShowsATraceAcrossThreeServicesOnEveryPage()
    {
        // Arrange: what people do through the public origin: two of them search and are matched.
        await system.SearchUntilMatchedAsync("Visitor A", "Visitor B");
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var scriptErrors = new List<string>();
        page.PageError += (_, error) => scriptErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                scriptErrors.Add(message.Text);
            }
        };

        try
        {
            await TourAsync(page, scriptErrors);
        }
        catch
        {
            await ScreenshotAsync(page, "dashboard-failure");
            throw;
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    private async Task TourAsync(IPage page, List<string> scriptErrors)
    {
        // Act + Assert: log in with the URL the AppHost prints, then visit each page.
        await page.GotoAsync(system.App.DashboardLoginUrl!);
        // The token leaves the address bar at once: /login redirects to the page.
        Assert.StartsWith(system.App.DashboardUrl + "/", page.Url);
        Assert.DoesNotContain("login", page.Url);
        await page.Locator("#resources tbody tr", new() { HasText = "gateway" }).Locator(".badge", new() { HasText = "Healthy" }).WaitForAsync();
        Assert.Equal(system.App.Snapshot().Count, await page.Locator("#resources tbody tr").CountAsync());
        await ScreenshotAsync(page, "dashboard-resources");

        await page.GotoAsync($"{system.App.DashboardUrl}/#/console?resource=gateway&replica=0");
        await page.Locator("#console .line").First.WaitForAsync();
        await ScreenshotAsync(page, "dashboard-console");

        await page.GotoAsync($"{system.App.DashboardUrl}/#/structured?resource=identity");
        await page.Locator("#structured-logs tbody tr.clickable").First.ClickAsync();
        await page.Locator("#structured-logs tr.details").WaitForAsync();
        await ScreenshotAsync(page, "dashboard-structured-logs");

        await page.GotoAsync($"{system.App.DashboardUrl}/#/traces?resource=signaling");
        // The search that found the match: gateway → matchmaking → rooms (CreateRoom) → signaling (Notify), and identity.
        var crossService = page.Locator("#traces tbody tr[data-resource-count='4'], #traces tbody tr[data-resource-count='5'], #traces tbody tr[data-resource-count='6']");
        await crossService.First.WaitForAsync(new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "dashboard-traces");

        await crossService.First.ClickAsync();
        await page.Locator("#waterfall .wf-row[data-span-id]").First.WaitForAsync();
        var services = (await page.Locator("#waterfall .wf-row[data-span-id]").EvaluateAllAsync<string[]>(
            "rows => [...new Set(rows.map(r => r.dataset.resource))]")).ToHashSet();
        Assert.Superset(new HashSet<string> { "gateway", "matchmaking", "rooms", "signaling" }, services);
        var storeSpan = page.Locator("#waterfall .wf-row[data-span-id]", new() { HasText = "redis " }).First;
        await storeSpan.WaitForAsync();
        await storeSpan.ClickAsync();
        await page.Locator("#span-detail dd", new() { HasText = "redis" }).First.WaitForAsync();
        await ScreenshotAsync(page, "dashboard-trace");

        await page.GotoAsync($"{system.App.DashboardUrl}/#/metrics");
        await page.Locator("#charts .chart-card").First.Locator("polyline").First.WaitForAsync(new() { Timeout = 30_000 });
        await ScreenshotAsync(page, "dashboard-metrics");

        Assert.Empty(scriptErrors);
    }

    private static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_artifacts, name + ".png"), FullPage = true });
}
