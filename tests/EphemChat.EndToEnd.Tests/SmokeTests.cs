using Microsoft.Playwright;

namespace EphemChat.EndToEnd.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SmokeTests(BrowserSystemFixture system) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => system.SendEveryoneHomeAsync();

    [Fact]
    public async Task APersonEntersWithANameAndGetsARecoveryToken()
    {
        var page = await system.NewPersonAsync();

        await page.EnterAsync("Ada");

        Assert.Matches("^[A-Za-z0-9_-]{43}$", await page.RecoveryTokenAsync());
        await BrowserSystemFixture.ScreenshotAsync(page, "smoke-token");
    }
}
