using System.Net;
using System.Text.Json;
using EphemChat.Hosting.Dashboard;
using EphemChat.Hosting.Dashboard.Security;

namespace EphemChat.Dashboard.Tests;

/// <summary>The dashboard is reached only through the one-time login link; every API needs the cookie it sets.</summary>
public sealed class LoginTests : IAsyncLifetime
{
    private DashboardHost _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await StandaloneDashboard.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData("/api/resources")]
    [InlineData("/api/logs/console/gateway")]
    [InlineData("/api/logs/structured")]
    [InlineData("/api/traces")]
    [InlineData("/api/traces/0123456789abcdef0123456789abcdef")]
    [InlineData("/api/metrics/instruments")]
    [InlineData("/api/metrics?name=http.server.request.duration")]
    [InlineData("/api/telemetry")]
    public async Task EveryApiAnswers401WithoutTheLoginCookie(string path)
    {
        using var anonymous = DashboardClient.Anonymous(_dashboard);

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/dashboard-login-required", await ProblemTypeAsync(response));
    }

    [Fact]
    public async Task TheLoginTokenWorksOnceAndSetsAStrictHttpOnlyCookie()
    {
        using var first = DashboardClient.Anonymous(_dashboard);
        using var second = DashboardClient.Anonymous(_dashboard);

        var unusedBefore = _dashboard.Login.IsUnused(_dashboard.LoginToken);
        using var login = await first.GetAsync(new Uri(_dashboard.LoginUrl));
        using var reuse = await second.GetAsync(new Uri(_dashboard.LoginUrl));
        using var api = await first.GetAsync("/api/resources");
        using var refused = await second.GetAsync("/api/resources");

        Assert.True(unusedBefore);
        Assert.False(_dashboard.Login.IsUnused(_dashboard.LoginToken));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith(DashboardLogin.CookieName + "=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Unauthorized, reuse.StatusCode);
        Assert.False(reuse.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task AForgedCookieOrAWrongTokenDoesNotLogIn()
    {
        using var forged = DashboardClient.Anonymous(_dashboard);
        forged.DefaultRequestHeaders.Add("Cookie", $"{DashboardLogin.CookieName}={new string('A', 43)}");
        using var guesser = DashboardClient.Anonymous(_dashboard);

        using var api = await forged.GetAsync("/api/traces");
        using var wrongToken = await guesser.GetAsync($"/login?t={new string('A', 43)}");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
        Assert.False(wrongToken.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task ThePageNeedsTheLoginAndForbidsInlineScriptsAndFraming()
    {
        using var anonymous = DashboardClient.Anonymous(_dashboard);
        using var client = await DashboardClient.LoggedInAsync(_dashboard);

        using var loginPage = await anonymous.GetAsync("/");
        using var page = await client.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, loginPage.StatusCode);
        Assert.Contains("login URL", await loginPage.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<script src=\"/dashboard.js\" defer></script>", html);
        Assert.DoesNotContain("<script>", html);
        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task AStateChangingCallWithoutTheDashboardHeaderIsForbidden()
    {
        using var client = await DashboardClient.LoggedInAsync(_dashboard);
        client.DefaultRequestHeaders.Remove(DashboardLogin.RequestHeader);

        using var response = await client.PostAsync("/api/resources/gateway/stop", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.EndsWith("/dashboard-request-header-missing", await ProblemTypeAsync(response));
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
}
