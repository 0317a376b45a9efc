using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class SignOutTests(IdentityFixture fixture)
{
    [Fact]
    public async Task SigningOutOfASessionOnlyAccountDeletesItAndClearsTheCookie()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Grace", remember: false);

        var response = await browser.PostAsync("/api/identity/signout", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        AssertCleared(response);
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:user:{created.User.Id}"));
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:token:{SessionToken.Hash(created.Token!)}"));
        var restore = await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await restore.ReadProblemAsync()).Type);
        Assert.Contains(created.User.Id, fixture.Rooms.RemovedUsers);
        Assert.Contains((created.User.Id, "signed-out"), fixture.Matchmaking.Cancelled);
    }

    [Fact]
    public async Task SigningOutOfASavedAccountKeepsItForItsToken()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Ada", remember: true);

        var response = await browser.PostAsync("/api/identity/signout", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        AssertCleared(response);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/identity/me")).StatusCode);
        var restore = await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(created.User.Id, (await restore.Content.ReadFromJsonAsync<SessionBody>())!.User.Id);
        Assert.DoesNotContain(created.User.Id, fixture.Rooms.RemovedUsers);
    }

    [Fact]
    public async Task AfterSigningOutTheBrowserHasNoSession()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        await browser.CreateSessionAsync(remember: false);

        await browser.PostAsync("/api/identity/signout", null);

        var me = await browser.GetAsync("/api/identity/me");
        Assert.Equal(IdentityApi.ProblemBase + "session-required", (await me.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task SigningOutWithoutASessionStillClearsTheCookie()
    {
        using var client = fixture.Host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/signout");
        request.Headers.Add("Cookie", $"ephem_session={SessionToken.Create()}");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        AssertCleared(response);
    }

    [Fact]
    public async Task SigningOutWithABearerTokenDeletesASessionOnlyAccount()
    {
        var created = await fixture.Host.CreateBrowserClient().CreateSessionAsync(remember: false);
        using var client = fixture.Host.CreateClient();

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Post, "/api/identity/signout", created.Token!));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:user:{created.User.Id}"));
    }

    private static void AssertCleared(HttpResponseMessage response)
    {
        var cookie = response.SessionCookie();
        Assert.Equal("", cookie.Value.ToString());
        Assert.True(cookie.Expires < DateTimeOffset.UtcNow, "a cleared cookie expires in the past");
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
    }
}
