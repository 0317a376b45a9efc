using System.Net.Http.Json;
using EphemChat.Identity.Tests.Support;
using Microsoft.Net.Http.Headers;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class CookieTests(IdentityFixture fixture)
{
    [Fact]
    public async Task ASavedAccountGetsAPersistentHttpOnlyStrictCookieForThirtyDays()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Ada", remember = true });

        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        var cookie = response.SessionCookie();
        Assert.Equal(session.Token, cookie.Value.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.False(cookie.Secure, "plain HTTP: not Secure");
        Assert.Equal(session.ExpiresAt, cookie.Expires!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(30), cookie.Expires.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ASessionOnlyAccountGetsABrowserSessionCookie()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Grace", remember = false });

        var cookie = response.SessionCookie();
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.Null(cookie.Expires);
        Assert.Null(cookie.MaxAge);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheCookieIsSecureWhenTheRequestCameOverHttps(bool remember)
    {
        using var client = fixture.Host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/sessions") { Content = JsonContent.Create(new { name = "Ada", remember }) };
        // The gateway terminates TLS and says so; loopback is a trusted proxy.
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        var cookie = response.SessionCookie();
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal(remember, cookie.Expires is not null);
    }

    [Fact]
    public async Task ARestoredSessionGetsTheSameCookieFlags()
    {
        var created = await fixture.Host.CreateBrowserClient().CreateSessionAsync(remember: true);
        using var client = fixture.Host.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/sessions/restore") { Content = JsonContent.Create(new { token = created.Token }) };
        request.Headers.Add("X-Forwarded-Proto", "https");

        var response = await client.SendAsync(request);

        var cookie = response.SessionCookie();
        Assert.Equal(created.Token, cookie.Value.ToString());
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteMode.Strict, cookie.SameSite);
        Assert.Equal("/", cookie.Path.ToString());
        Assert.NotNull(cookie.Expires);
    }

    [Fact]
    public async Task TheCookieIsHostOnlyAndHiddenFromScript()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Ada", remember = true });

        var header = string.Join("; ", response.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", header, StringComparison.OrdinalIgnoreCase);
    }
}
