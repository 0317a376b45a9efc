using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

/// <summary>What identity leaves in the store: hashes of tokens only, and nothing without a TTL.</summary>
[Collection(IdentityCollection.Name)]
public sealed class StoreTests(IdentityFixture fixture)
{
    [Fact]
    public async Task NoKeyOrValueInTheStoreHoldsARawTokenAfterCreatingAndRestoringAccounts()
    {
        var tokens = await ExerciseAccountsAsync();

        var keys = await fixture.Store.ScanAsync();

        Assert.NotEmpty(keys);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(keys, k => k.Key.Contains(token, StringComparison.Ordinal) || k.Content.Contains(token, StringComparison.Ordinal));
            // The hash is there (so the scan did look at identity's keys), the token is not.
            Assert.Contains(keys, k => k.Key == $"identity:token:{SessionToken.Hash(token)}");
        }
    }

    [Fact]
    public async Task EveryIdentityKeyCarriesATtlNoLongerThanItsLifetime()
    {
        await ExerciseAccountsAsync();
        var options = new IdentityOptions();
        var longest = options.SavedAccountLifetime + options.ExpiredTokenMemory;

        var keys = (await fixture.Store.ScanAsync()).Where(k => k.Key.StartsWith("identity:", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.True(k.TimeToLive is not null, $"{k.Key} has no TTL");
            Assert.InRange(k.TimeToLive!.Value, TimeSpan.FromSeconds(1), longest);
        });
        Assert.All(keys.Where(k => k.Key.StartsWith("identity:user:", StringComparison.Ordinal)), k =>
            Assert.True(k.TimeToLive <= options.SavedAccountLifetime, $"{k.Key} outlives its account"));
    }

    /// <summary>Creates, restores, reads, slides, renames and signs out accounts; returns every token issued.</summary>
    private async Task<List<string>> ExerciseAccountsAsync()
    {
        var tokens = new List<string>();
        foreach (var remember in new[] { true, false })
        {
            using var browser = fixture.Host.CreateBrowserClient();
            var created = await browser.CreateSessionAsync("Store", remember);
            tokens.Add(created.Token!);
            using var otherDevice = fixture.Host.CreateBrowserClient();
            (await otherDevice.PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token })).EnsureSuccessStatusCode();
            fixture.Time.Advance(TimeSpan.FromHours(2));
            (await otherDevice.GetAsync("/api/identity/me")).EnsureSuccessStatusCode();
            (await otherDevice.PatchAsJsonAsync("/api/identity/me", new { name = "Renamed" })).EnsureSuccessStatusCode();
        }
        using var leaving = fixture.Host.CreateBrowserClient();
        await leaving.CreateSessionAsync("Leaving", remember: true);
        await leaving.PostAsync("/api/identity/signout", null);
        return tokens;
    }
}
