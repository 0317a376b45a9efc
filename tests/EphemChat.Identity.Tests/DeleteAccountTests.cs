using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Grpc;
using EphemChat.Identity.Tests.Support;
using Grpc.Net.Client;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class DeleteAccountTests(IdentityFixture fixture)
{
    [Fact]
    public async Task DeletingTheAccountRemovesItsKeysAtOnceAndTellsRoomsAndMatchmaking()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Ada", remember: true);

        var response = await browser.DeleteAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", response.SessionCookie().Value.ToString());
        var keys = await fixture.Store.ScanAsync();
        Assert.DoesNotContain(keys, k => k.Key.Contains(created.User.Id, StringComparison.Ordinal) || k.Content.Contains(created.User.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(keys, k => k.Key == $"identity:token:{SessionToken.Hash(created.Token!)}");
        Assert.Contains(created.User.Id, fixture.Rooms.RemovedUsers);
        Assert.Contains((created.User.Id, "deleted"), fixture.Matchmaking.Cancelled);
    }

    [Fact]
    public async Task ADeletedAccountsTokenIsInvalidEverywhere()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Ada", remember: true);
        await browser.DeleteAsync("/api/identity/me");

        var restore = await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = created.Token });
        var me = await fixture.Host.CreateClient().SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", created.Token!));
        using var channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);
        var users = await new Grpc.Identity.IdentityClient(channel).GetUsersAsync(new GetUsersRequest { Ids = { created.User.Id } });

        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await restore.ReadProblemAsync()).Type);
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await me.ReadProblemAsync()).Type);
        Assert.Empty(users.Users);
    }

    [Fact]
    public async Task DeletingWithABearerTokenWorksForNonBrowserClients()
    {
        var created = await fixture.Host.CreateBrowserClient().CreateSessionAsync(remember: false);

        var response = await fixture.Host.CreateClient().SendAsync(IdentityApi.Bearer(HttpMethod.Delete, "/api/identity/me", created.Token!));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:user:{created.User.Id}"));
        Assert.Contains(created.User.Id, fixture.Rooms.RemovedUsers);
    }

    [Fact]
    public async Task DeletingWithoutASessionIs401AndDeletesNothing()
    {
        var before = (await fixture.Store.ScanAsync()).Count;

        var response = await fixture.Host.CreateBrowserClient().DeleteAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-required", (await response.ReadProblemAsync()).Type);
        Assert.Equal(before, (await fixture.Store.ScanAsync()).Count);
    }
}

/// <summary>Deletion on a host whose rooms and matchmaking cannot be reached.</summary>
[Collection(BareIdentityCollection.Name)]
public sealed class DeleteWithUnreachablePeersTests(BareIdentityFixture fixture)
{
    [Fact]
    public async Task TheAccountIsDeletedAndTheFailureLoggedWithoutTheToken()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.1");
        var created = await browser.CreateSessionAsync("Ada", remember: true);

        var response = await browser.DeleteAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:user:{created.User.Id}"));
        Assert.False(await fixture.Store.Database.KeyExistsAsync($"identity:token:{SessionToken.Hash(created.Token!)}"));
        var warnings = fixture.Logs.Entries.Where(e => e.Message.Contains(created.User.Id, StringComparison.Ordinal)).ToList();
        Assert.Contains(warnings, e => e.Message.Contains("rooms", StringComparison.Ordinal));
        Assert.Contains(warnings, e => e.Message.Contains("matchmaking", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Logs.Entries, e => e.Message.Contains(created.Token!, StringComparison.Ordinal));
    }
}
