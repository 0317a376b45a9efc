using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EphemChat.EndToEnd.Tests;

/// <summary>Every screen in light and dark, at 360 px and on a desktop, saved to artifacts/screenshots to be looked at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserSystemFixture system) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => system.SendEveryoneHomeAsync();

    public static TheoryData<string, int, int, ColorScheme> Variants => new()
    {
        { "light-360", 360, 740, ColorScheme.Light },
        { "dark-360", 360, 740, ColorScheme.Dark },
        { "light-desktop", 1280, 800, ColorScheme.Light },
        { "dark-desktop", 1280, 800, ColorScheme.Dark },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task EveryScreenRendersWithoutHorizontalScrolling(string variant, int width, int height, ColorScheme scheme)
    {
        var page = await system.NewPersonAsync(new ViewportSize { Width = width, Height = height }, scheme);
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync("/");
        await Expect(page.GetByLabel("Display name")).ToBeVisibleAsync();
        await Shot(page, variant, "welcome");
        await page.EnterAsync($"Shot {variant}");
        await Shot(page, variant, "token");
        await page.GetByRole(AriaRole.Button, new() { Name = "I saved it, continue" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeVisibleAsync();
        await Shot(page, variant, "home");
        await page.PressSearchAsync();
        await Expect(page.GetByTestId("searching")).ToBeVisibleAsync();
        await Shot(page, variant, "searching");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel search" }).ClickAsync();
        // Back to idle before going on: a search left in the queue would pair the next variant at once.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create private room" }).ClickAsync();
        await page.WaitForRoomAsync();
        await page.SendAsync("A message to see how it looks");
        await page.WaitForDispatchAsync("A message to see how it looks");
        await Shot(page, variant, "room");
        await page.GotoAsync("/account");
        await Expect(page.GetByTestId("recovery-token")).ToBeVisibleAsync();
        await Shot(page, variant, "account");

        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task Shot(IPage page, string variant, string screen)
    {
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"{screen} scrolls horizontally at {variant}");
        await BrowserSystemFixture.ScreenshotAsync(page, $"{screen}-{variant}");
    }
}
