using System.Net;
using System.Net.Http.Json;
using StackExchange.Redis;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class JoinTests(RoomsFixture fixture)
{
    [Fact]
    public async Task JoiningWithTheInviteAddsTheMemberUnderTheirNameAndTellsEveryMember()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var joined = await bob.JoinOkAsync(room);

        // Members are listed in the order they joined.
        Assert.Equal([(ada.Id, "Ada"), (bob.Id, "Bob")], joined.Members.Select(m => (m.Id, m.Name)));
        Assert.Equal(room.CreatedAt.AddSeconds(1), joined.Members[1].JoinedAt);
        var told = Assert.Single(fixture.Signaling.For(room.Id, "MemberJoined"));
        RoomCalls.SameIds([ada.Id, bob.Id], told.UserIds);
        Assert.Equal(bob.Id, told.Payload.GetProperty("member").GetProperty("id").GetString());
        Assert.Equal("Bob", told.Payload.GetProperty("member").GetProperty("name").GetString());
    }

    [Fact]
    public async Task JoiningAgainIsIdempotentForMembers()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private");
        await bob.JoinOkAsync(room);

        var again = await bob.JoinOkAsync(room);
        var creatorAgain = await ada.JoinOkAsync(room);

        Assert.Equal(2, again.Members.Count);
        Assert.Equal(2, creatorAgain.Members.Count);
        Assert.Single(fixture.Signaling.For(room.Id, "MemberJoined"));
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task AWrongInviteIsForbidden(string invite)
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave");

        var response = await eve.JoinAsync(room.Id, invite);

        Assert.Equal("https://ephemchat.app/problems/invite-invalid", (await response.ProblemAsync(HttpStatusCode.Forbidden)).Type);
        Assert.Equal(HttpStatusCode.NotFound, (await eve.GetRoomAsync(room.Id)).StatusCode);
    }

    [Fact]
    public async Task AJoinWithoutAnInviteIsRefusedNamingTheField()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");

        var response = await bob.Client.PostAsJsonAsync($"/api/rooms/{room.Id}/join", new { });

        Assert.Contains("invite", (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task JoiningAnUnknownOrIllFormedRoomIsNotFound()
    {
        var bob = await fixture.CreateUserAsync("Bob");

        var unknown = await bob.JoinAsync(RoomCalls.UnknownRoomId(), RoomCalls.Base64Url(32));
        var illFormed = await bob.JoinAsync("nope", RoomCalls.Base64Url(32));

        Assert.Equal("https://ephemchat.app/problems/room-not-found", (await unknown.ProblemAsync(HttpStatusCode.NotFound)).Type);
        Assert.Equal(HttpStatusCode.NotFound, illFormed.StatusCode);
    }

    [Fact]
    public async Task JoiningAnExpiredRoomIsNotFoundEvenBeforeTheSweep()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private", "10m");

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var response = await bob.JoinAsync(room.Id, room.Invite);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ARoomAtCapacityRefusesTheNextJoin()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var cat = await fixture.CreateUserAsync("Cat");
        var room = await ada.CreateRoomAsync("private");
        await bob.JoinOkAsync(room);

        var response = await cat.JoinAsync(room.Id, room.Invite);

        Assert.Equal("https://ephemchat.app/problems/room-full", (await response.ProblemAsync(HttpStatusCode.Conflict)).Type);
    }

    [Fact]
    public async Task FiftyConcurrentJoinsIntoCapacityEightEndWithExactlyEightMembersEveryRun()
    {
        var creator = await fixture.CreateUserAsync("Host");
        var joiners = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => fixture.CreateUserAsync($"Guest {i}")));

        for (var run = 0; run < 5; run++)
        {
            var room = await creator.CreateRoomAsync("enclave", capacity: 8);
            using var start = new SemaphoreSlim(0);
            var joins = joiners.Select(async j =>
            {
                await start.WaitAsync();
                return (await j.JoinAsync(room.Id, room.Invite)).StatusCode;
            }).ToList();
            start.Release(joiners.Length);

            var statuses = await Task.WhenAll(joins);

            Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(43, statuses.Count(s => s == HttpStatusCode.Conflict));
            Assert.Equal(8, await fixture.Store.Database.HashLengthAsync((RedisKey)$"rooms:{room.Id}:members"));
            var stored = await (await creator.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);
            Assert.Equal(8, stored.Members.Count);
        }
    }
}
