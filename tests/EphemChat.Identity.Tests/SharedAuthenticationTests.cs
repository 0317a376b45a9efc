using System.Net;
using EphemChat.Identity.Tests.Support;
using EphemChat.ServiceDefaults;
using EphemChat.Testing;

namespace EphemChat.Identity.Tests;

/// <summary>
/// The session handler every service shares (ServiceDefaults), in a small app of its own, against the REAL identity
/// over gRPC: cookie or bearer, the three kinds of 401, negative answers never cached, positive ones for 30 s.
/// </summary>
[Collection(IdentityCollection.Name)]
public sealed class SharedAuthenticationTests(IdentityFixture fixture) : IAsyncLifetime
{
    private SessionAuthenticationApp _app = null!;

    public async Task InitializeAsync() => _app = await SessionAuthenticationApp.StartAsync(fixture.Host.GrpcUrl, fixture.Time);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ABearerTokenAuthenticatesAsItsUser()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Ada");

        var response = await _app.CreateClient().SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, session.Token!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(session.User.Id, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSessionCookieAuthenticatesAsItsUser()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Ada");
        var request = new HttpRequestMessage(HttpMethod.Get, SessionAuthenticationApp.WhoAmI);
        request.Headers.Add("Cookie", $"ephem_session={session.Token}");

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(session.User.Id, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NoTokenIs401SessionRequired()
    {
        var response = await _app.CreateClient().GetAsync(SessionAuthenticationApp.WhoAmI);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-required", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task AnUnknownTokenIs401SessionInvalid()
    {
        var response = await _app.CreateClient().SendAsync(
            IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, Accounts.SessionToken.Create()));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task AnExpiredAccountIs401SessionExpired()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync(remember: false);
        fixture.Time.Advance(TimeSpan.FromHours(24));

        var response = await _app.CreateClient().SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, session.Token!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-expired", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task ANegativeAnswerIsNeverCached()
    {
        var token = Accounts.SessionToken.Create();
        using var client = _app.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, token));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(3, fixture.AuthenticateCalls.For(token));
    }

    [Fact]
    public async Task APositiveAnswerIsReusedForThirtySecondsThenAskedAgain()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Ada");
        using var client = _app.CreateClient();
        Task<HttpResponseMessage> WhoAmI() => client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, session.Token!));

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await WhoAmI()).StatusCode);
        }
        var callsAtFirst = fixture.AuthenticateCalls.For(session.Token!);
        fixture.Time.Advance(GrpcSessionValidator.CacheDuration - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await WhoAmI()).StatusCode);
        var callsJustBefore = fixture.AuthenticateCalls.For(session.Token!);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await WhoAmI()).StatusCode);

        Assert.Equal(1, callsAtFirst);
        Assert.Equal(1, callsJustBefore);
        Assert.Equal(2, fixture.AuthenticateCalls.For(session.Token!));
    }

    [Fact]
    public async Task ADeletedAccountIsRefusedOnceItsCachedAnswerIsThirtySecondsOld()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var session = await browser.CreateSessionAsync("Ada");
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, session.Token!))).StatusCode);
        await browser.DeleteAsync("/api/identity/me");

        fixture.Time.Advance(GrpcSessionValidator.CacheDuration);
        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, session.Token!));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task AnUnreachableIdentityIs503NotA401()
    {
        await using var orphan = await SessionAuthenticationApp.StartAsync($"http://127.0.0.1:{FreePorts.Next()}", fixture.Time);

        var response = await orphan.CreateClient().SendAsync(
            IdentityApi.Bearer(HttpMethod.Get, SessionAuthenticationApp.WhoAmI, Accounts.SessionToken.Create()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "identity-unavailable", (await response.ReadProblemAsync()).Type);
    }
}
