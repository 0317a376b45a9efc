using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Rooms.Tests;

/// <summary>Lifetimes on a fake clock; the sweep is called directly, so nothing here waits for real time.</summary>
[Collection(RoomsCollection.Name)]
public sealed class LifetimeTests(RoomsFixture fixture)
{
    private Task<TimeSpan?> IndexTtl(TestUser user) => fixture.Store.Database.KeyTimeToLiveAsync($"rooms:user:{user.Id}");

    private Task<TimeSpan?> RoomTtl(RoomBody room) => fixture.Store.Database.KeyTimeToLiveAsync($"rooms:{room.Id}");

    [Fact]
    public async Task APrivateRoomEndsAtItsFixedTimeDespiteActivity()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private", "10m");

        fixture.Time.Advance(TimeSpan.FromMinutes(8));
        await bob.JoinOkAsync(room);
        await bob.PostDispatchAsync(room.Id, "still-here");
        var late = await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(room.ExpiresAt, late.ExpiresAt);
        Assert.Equal(120, late.SecondsLeft);
        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetRoomAsync(room.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostDispatchAsync(room.Id, "too-late")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).StatusCode);
    }

    [Fact]
    public async Task AnEnclaveLivesThirtyDaysAfterItsLastJoinOrDispatch()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");

        fixture.Time.Advance(TimeSpan.FromDays(20));
        var afterJoin = await bob.JoinOkAsync(room);
        fixture.Time.Advance(TimeSpan.FromDays(20));
        await ada.PostDispatchAsync(room.Id, "keep-alive");
        fixture.Time.Advance(TimeSpan.FromDays(29));
        await fixture.Sweeper.SweepOnceAsync();
        var stillThere = await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);

        Assert.Equal(room.CreatedAt.AddDays(50), afterJoin.ExpiresAt);
        Assert.Equal(room.CreatedAt.AddDays(70), stillThere.ExpiresAt);
        Assert.Equal(room.CreatedAt.AddDays(40), stillThere.LastActivityAt);
        Assert.Equal((long)TimeSpan.FromDays(1).TotalSeconds, stillThere.SecondsLeft);
        Assert.Empty(fixture.Signaling.For(room.Id, "RoomDestroyed"));

        fixture.Time.Advance(TimeSpan.FromDays(1));
        await fixture.Sweeper.SweepOnceAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetRoomAsync(room.Id)).StatusCode);
        Assert.Equal("expired", Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed")).Payload.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task ExpiryDeletesEveryKeyOfTheRoomAndTellsEveryMember()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private", "1h");
        await bob.JoinOkAsync(room);
        await ada.PostDispatchAsync(room.Id, "one");
        await bob.PostDispatchAsync(room.Id, "two");

        fixture.Time.Advance(TimeSpan.FromHours(1));
        var result = await fixture.Sweeper.SweepOnceAsync();

        Assert.True(result.Expired >= 1);
        Assert.DoesNotContain(await fixture.Store.ScanAsync(), k => k.Key.Contains(room.Id, StringComparison.Ordinal) || k.Content.Contains(room.Id, StringComparison.Ordinal));
        var destroyed = Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed"));
        RoomCalls.SameIds([ada.Id, bob.Id], destroyed.UserIds);
        Assert.Equal(room.Id, destroyed.Payload.GetProperty("roomId").GetString());
        Assert.Equal("expired", destroyed.Payload.GetProperty("reason").GetString());
        Assert.Empty(await (await ada.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK));
    }

    [Fact]
    public async Task MembersAreToldOnceThatTheRoomEndsInAMinute()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private", "10m");
        await bob.JoinOkAsync(room);

        fixture.Time.Advance(TimeSpan.FromMinutes(9) - TimeSpan.FromSeconds(1));
        await fixture.Sweeper.SweepOnceAsync();
        var tooEarly = fixture.Signaling.For(room.Id, "RoomExpiring").Count;
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await fixture.Sweeper.SweepOnceAsync();
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await fixture.Sweeper.SweepOnceAsync();

        Assert.Equal(0, tooEarly);
        var expiring = Assert.Single(fixture.Signaling.For(room.Id, "RoomExpiring"));
        RoomCalls.SameIds([ada.Id, bob.Id], expiring.UserIds);
        Assert.Equal(60, expiring.Payload.GetProperty("secondsLeft").GetInt64());
        Assert.Empty(fixture.Signaling.For(room.Id, "RoomDestroyed"));
    }

    [Fact]
    public async Task AnEnclaveThatSlidesAfterItsNoticeIsNoticedAgainBeforeItsNewEnd()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        fixture.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(30));
        await fixture.Sweeper.SweepOnceAsync();

        await ada.PostDispatchAsync(room.Id, "saved-it");
        fixture.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(59));
        await fixture.Sweeper.SweepOnceAsync();

        var notices = fixture.Signaling.For(room.Id, "RoomExpiring");
        Assert.Equal([30L, 59L], notices.Select(n => n.Payload.GetProperty("secondsLeft").GetInt64()));
        Assert.Equal(HttpStatusCode.OK, (await ada.GetRoomAsync(room.Id)).StatusCode);
    }

    [Fact]
    public async Task ReplicasSweepingAtOnceEndEachRoomAndTellItsMembersExactlyOnce()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var rooms = new List<RoomBody>();
        for (var i = 0; i < 5; i++)
        {
            rooms.Add(await ada.CreateRoomAsync("private", "10m"));
        }
        await using var replica = fixture.StartRooms(fixture.Store.ConnectionString);
        var sweepers = new[] { fixture.Sweeper, replica.Services.GetRequiredService<EphemChat.Rooms.Enclaves.RoomSweeper>() };

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => sweepers[i % 2].SweepOnceAsync())));

        foreach (var room in rooms)
        {
            Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed"));
            Assert.Equal(HttpStatusCode.NotFound, (await ada.GetRoomAsync(room.Id)).StatusCode);
        }
    }

    [Fact]
    public async Task EveryMembersIndexLivesAsLongAsTheEnclaveAfterItSlides()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var cat = await fixture.CreateUserAsync("Cat");
        var room = await ada.CreateRoomAsync("enclave");
        await Task.Delay(20); // real time: the store's TTLs run on the real clock

        await bob.JoinOkAsync(room);
        var afterJoin = (Index: await IndexTtl(ada), Room: await RoomTtl(room));
        await Task.Delay(20);
        await cat.JoinOkAsync(room);
        await Task.Delay(20);
        await cat.PostDispatchAsync(room.Id, "slide");
        var afterPost = (Ada: await IndexTtl(ada), Bob: await IndexTtl(bob), Room: await RoomTtl(room));

        Assert.True(afterJoin.Index >= afterJoin.Room, $"{afterJoin}");
        Assert.True(afterPost.Ada >= afterPost.Room && afterPost.Bob >= afterPost.Room, $"{afterPost}");
    }

    [Fact]
    public async Task TheBackgroundSweeperWarnsAndEndsRoomsOnItsOwnAsTheClockMoves()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("private", "10m");
        await using var sweeping = fixture.StartRooms(fixture.Store.ConnectionString, sweep: true);

        fixture.Time.Advance(TimeSpan.FromMinutes(9.5));
        await TickUntil(() => fixture.Signaling.For(room.Id, "RoomExpiring").Count > 0);
        fixture.Time.Advance(TimeSpan.FromSeconds(30));
        await TickUntil(() => fixture.Signaling.For(room.Id, "RoomDestroyed").Count > 0);

        Assert.Single(fixture.Signaling.For(room.Id, "RoomExpiring"));
        Assert.Equal("expired", Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed")).Payload.GetProperty("reason").GetString());
    }

    /// <summary>
    /// The background sweeper waits on the fake clock, one SweepInterval per tick: move it a tick at a time until the
    /// condition holds. The real-time bound only keeps a broken sweeper from hanging the run.
    /// </summary>
    private async Task TickUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            fixture.Time.Advance(fixture.Options.SweepInterval);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task EveryKeyOfRoomsCarriesATtlAndTheKeysOfARoomShareIt()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private", "24h");
        await bob.JoinOkAsync(room);
        await ada.PostDispatchAsync(room.Id, "ttl");
        var enclave = await bob.CreateRoomAsync("enclave");
        await bob.PostDispatchAsync(enclave.Id, "ttl");

        var keys = (await fixture.Store.ScanAsync()).Where(k => k.Key.StartsWith("rooms:", StringComparison.Ordinal)).ToList();

        Assert.All(keys, k => Assert.True(k.TimeToLive is { } ttl && ttl > TimeSpan.Zero, $"{k.Key} has no TTL"));
        var roomKeys = keys.Where(k => k.Key.StartsWith($"rooms:{room.Id}", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, roomKeys.Count);
        var grace = fixture.Options.StoreGracePeriod;
        Assert.All(roomKeys, k => Assert.InRange(k.TimeToLive!.Value, TimeSpan.FromHours(24) + grace - TimeSpan.FromMinutes(1), TimeSpan.FromHours(24) + grace));
        Assert.Contains(keys, k => k.Key == "rooms:deadlines");
        Assert.Contains(keys, k => k.Key == "rooms:notices");
        Assert.Contains(keys, k => k.Key == $"rooms:user:{ada.Id}");
    }
}
