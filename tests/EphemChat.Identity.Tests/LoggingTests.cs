using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

[Collection(BareIdentityCollection.Name)]
public sealed class LoggingTests(BareIdentityFixture fixture)
{
    [Fact]
    public async Task NoLogLineHoldsATokenWhateverHappensToIt()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.50");
        var session = await browser.CreateSessionAsync("Logged", remember: false);
        var wrong = SessionToken.Create();
        await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = session.Token });
        await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = wrong });
        await browser.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", wrong));
        fixture.Time.Advance(TimeSpan.FromHours(2));
        await browser.GetAsync("/api/identity/me");
        await browser.PostAsync("/api/identity/signout", null);

        Assert.NotEmpty(fixture.Logs.Entries);
        Assert.DoesNotContain(fixture.Logs.Entries, e => e.Message.Contains(session.Token!, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Entries, e => e.Message.Contains(wrong, StringComparison.Ordinal));
    }
}
