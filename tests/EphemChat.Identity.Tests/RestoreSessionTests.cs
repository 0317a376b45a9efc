using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class RestoreSessionTests(IdentityFixture fixture)
{
    [Fact]
    public async Task RestoringInAFreshClientReturnsTheSameAccountAndSignsItIn()
    {
        using var firstDevice = fixture.Host.CreateBrowserClient();
        var created = await firstDevice.CreateSessionAsync("Ada", remember: true);
        using var otherDevice = fixture.Host.CreateBrowserClient();

        var response = await otherDevice.PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var restored = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Equal(created.User, restored.User);
        Assert.Equal(created.Token, restored.Token);
        Assert.True(restored.Remember);
        Assert.Equal(created.Token, response.SessionCookie().Value.ToString());
        var me = await otherDevice.GetFromJsonAsync<SessionBody>("/api/identity/me");
        Assert.Equal(created.User.Id, me!.User.Id);
    }

    [Fact]
    public async Task ASessionOnlyAccountCanBeRestoredElsewhereToo()
    {
        using var firstDevice = fixture.Host.CreateBrowserClient();
        var created = await firstDevice.CreateSessionAsync("Grace", remember: false);
        using var otherDevice = fixture.Host.CreateBrowserClient();

        var response = await otherDevice.PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });

        var restored = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Equal(created.User.Id, restored.User.Id);
        Assert.False(restored.Remember);
    }

    [Fact]
    public async Task ATokenPastedWithSurroundingWhitespaceStillRestores()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync();

        var response = await fixture.Host.CreateBrowserClient()
            .PostAsJsonAsync("/api/identity/sessions/restore", new { token = $"  {created.Token}\n" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.Token, response.SessionCookie().Value.ToString());
    }

    [Fact]
    public async Task AnUnknownTokenIs401Invalid()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = Accounts.SessionToken.Create() });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await response.ReadProblemAsync()).Type);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ATokenWithOneCharacterChangedIs401Invalid()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync();
        var wrong = (created.Token![0] == 'A' ? "B" : "A") + created.Token[1..];

        var response = await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = wrong });

        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task AMissingTokenIs400NamingTheField()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { });

        await CreateSessionTests.AssertProblem(response, "token-required", "token");
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AMalformedTokenIs400NamingTheField(string token)
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions/restore", new { token });

        await CreateSessionTests.AssertProblem(response, "token-malformed", "token");
    }

    [Fact]
    public async Task AMalformedVariantOfARealTokenNeitherRestoresNorSlidesTheAccount()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync();
        var before = await fixture.Store.Database.HashGetAllAsync($"identity:user:{created.User.Id}");
        fixture.Time.Advance(TimeSpan.FromHours(2));

        var response = await fixture.Host.CreateBrowserClient()
            .PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token + "=" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await fixture.Store.Database.HashGetAllAsync($"identity:user:{created.User.Id}");
        Assert.Equal(before.OrderBy(e => e.Name.ToString()).Select(e => e.ToString()), after.OrderBy(e => e.Name.ToString()).Select(e => e.ToString()));
    }

    [Fact]
    public async Task RestoringIsActivityThatSlidesTheExpiry()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: true);
        fixture.Time.Advance(TimeSpan.FromHours(2));

        var response = await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });

        var restored = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(30), restored.ExpiresAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(restored.ExpiresAt, response.SessionCookie().Expires!.Value, TimeSpan.FromSeconds(1));
    }
}
