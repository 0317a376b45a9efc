using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

/// <summary>Lifetimes on the fake clock: 30 days for saved accounts, 24 h for session-only, sliding at most hourly.</summary>
[Collection(IdentityCollection.Name)]
public sealed class ExpiryTests(IdentityFixture fixture)
{
    [Theory]
    [InlineData(true, 30 * 24)]
    [InlineData(false, 24)]
    public async Task AnAccountLivesUntilItsLifetimeWithoutActivityAndThenIsExpired(bool remember, int lifetimeHours)
    {
        using var kept = fixture.Host.CreateBrowserClient();
        using var idle = fixture.Host.CreateBrowserClient();
        await kept.CreateSessionAsync("Kept", remember);
        var idleSession = await idle.CreateSessionAsync("Idle", remember);

        fixture.Time.Advance(TimeSpan.FromHours(lifetimeHours) - TimeSpan.FromSeconds(1));
        var justBefore = await kept.GetAsync("/api/identity/me");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var atExpiry = await idle.GetAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.OK, justBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atExpiry.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-expired", (await atExpiry.ReadProblemAsync()).Type);
        var restore = await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = idleSession.Token });
        Assert.Equal(HttpStatusCode.Unauthorized, restore.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-expired", (await restore.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task AnExpiredAccountIsRemovedFromTheStoreButItsTokenIsStillRecognisedAsExpired()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: false);
        fixture.Time.Advance(TimeSpan.FromHours(25));

        var first = await browser.GetAsync("/api/identity/me");
        var second = await browser.GetAsync("/api/identity/me");

        Assert.Equal(IdentityApi.ProblemBase + "session-expired", (await first.ReadProblemAsync()).Type);
        Assert.Equal(IdentityApi.ProblemBase + "session-expired", (await second.ReadProblemAsync()).Type);
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:user:{created.User.Id}"));
    }

    [Fact]
    public async Task ARequestAfterTwoHoursSlidesTheExpiryAndTheStoreTtl()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: true);
        fixture.Time.Advance(TimeSpan.FromHours(2));

        var me = await browser.GetFromJsonAsync<SessionBody>("/api/identity/me");

        var expected = fixture.Time.GetUtcNow().AddDays(30);
        Assert.Equal(expected, me!.ExpiresAt, TimeSpan.FromMilliseconds(1));
        Assert.True(me.ExpiresAt > created.ExpiresAt);
        var stored = await fixture.Store.Database.HashGetAsync($"identity:user:{created.User.Id}", "expiresAt");
        Assert.Equal(expected.ToUnixTimeMilliseconds(), (long)stored);
        var ttl = await fixture.Store.Database.KeyTimeToLiveAsync($"identity:user:{created.User.Id}");
        Assert.InRange(ttl!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
    }

    [Fact]
    public async Task RequestsWithinTheSlideIntervalDoNotWrite()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: true);
        var key = $"identity:user:{created.User.Id}";
        var before = await fixture.Store.Database.HashGetAllAsync(key);
        // Mark the key: a write that re-applies the TTL (EXPIRE) would replace this shorter one.
        await fixture.Store.Database.KeyExpireAsync(key, TimeSpan.FromDays(29));

        fixture.Time.Advance(TimeSpan.FromMinutes(59));
        var me = await browser.GetFromJsonAsync<SessionBody>("/api/identity/me");

        Assert.Equal(created.ExpiresAt, me!.ExpiresAt);
        var after = await fixture.Store.Database.HashGetAllAsync(key);
        Assert.Equal(before.Select(e => e.ToString()).Order(), after.Select(e => e.ToString()).Order());
        Assert.True(await fixture.Store.Database.KeyTimeToLiveAsync(key) < TimeSpan.FromDays(29) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ASavedAccountUsedNowAndThenOutlivesThirtyDays()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: true);

        fixture.Time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/identity/me")).StatusCode);
        fixture.Time.Advance(TimeSpan.FromDays(20));
        var me = await browser.GetAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(created.User.Id, (await me.Content.ReadFromJsonAsync<SessionBody>())!.User.Id);
    }

    [Fact]
    public async Task ASlideRefreshesTheSavedAccountsPersistentCookie()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync(remember: true);
        fixture.Time.Advance(TimeSpan.FromDays(10));

        var response = await browser.GetAsync("/api/identity/me");

        var cookie = response.SessionCookie();
        Assert.Equal(created.Token, cookie.Value.ToString());
        Assert.Equal(fixture.Time.GetUtcNow().AddDays(30), cookie.Expires!.Value, TimeSpan.FromSeconds(1));
    }
}
