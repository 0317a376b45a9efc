using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

/// <summary>
/// The default limits, per client IP after forwarded headers (loopback is a trusted proxy, so each test speaks for
/// an address of its own with X-Forwarded-For).
/// </summary>
[Collection(BareIdentityCollection.Name)]
public sealed class RateLimitTests(BareIdentityFixture fixture)
{
    [Fact]
    public async Task TheTenthAccountFromOneAddressIsCreatedAndTheEleventhIsRefusedWithRetryAfter()
    {
        using var client = ClientFrom("203.0.113.10");
        var limit = new IdentityOptions().AccountCreation.PermitLimit;

        for (var i = 1; i <= limit; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/identity/sessions", new { name = $"User {i}" })).StatusCode);
        }
        var refused = await client.PostAsJsonAsync("/api/identity/sessions", new { name = "One too many" });

        await AssertRateLimited(refused);
        using var neighbour = ClientFrom("203.0.113.11");
        Assert.Equal(HttpStatusCode.Created, (await neighbour.PostAsJsonAsync("/api/identity/sessions", new { name = "Neighbour" })).StatusCode);
    }

    [Fact]
    public async Task TheFifthRestoreAttemptIsAnsweredAndTheSixthIsRefusedEvenWithTheRightToken()
    {
        using var owner = ClientFrom("203.0.113.20");
        var session = await owner.CreateSessionAsync("Owner");
        using var guesser = ClientFrom("203.0.113.21");
        var limit = new IdentityOptions().Restore.PermitLimit;

        for (var i = 1; i <= limit; i++)
        {
            var attempt = await guesser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = SessionToken.Create() });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }
        var refused = await guesser.PostAsJsonAsync("/api/identity/sessions/restore", new { token = session.Token });

        await AssertRateLimited(refused);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        var fromOwner = await owner.PostAsJsonAsync("/api/identity/sessions/restore", new { token = session.Token });
        Assert.Equal(HttpStatusCode.OK, fromOwner.StatusCode);
    }

    [Fact]
    public async Task OtherRoutesAreNotLimited()
    {
        using var client = ClientFrom("203.0.113.30");
        await client.CreateSessionAsync("Busy");

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/identity/me")).StatusCode);
        }
    }

    private HttpClient ClientFrom(string address)
    {
        var client = fixture.Host.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static async Task AssertRateLimited(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        var problem = await response.ReadProblemAsync();
        Assert.Equal(IdentityApi.ProblemBase + "too-many-requests", problem.Type);
        Assert.Equal(429, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
    }
}
