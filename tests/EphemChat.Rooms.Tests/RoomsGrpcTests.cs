using System.Net;
using EphemChat.Rooms.Grpc;
using Grpc.Core;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class RoomsGrpcTests(RoomsFixture fixture)
{
    [Fact]
    public async Task CreateRoomForAMatchTakesNamesFromIdentityAndHasNoCreator()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");

        var room = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id }, Origin = "match" });

        Assert.Equal(("enclave", "match", 8, ""), (room.Kind, room.Origin, room.Capacity, room.CreatorId));
        Assert.Equal(new[] { (ada.Id, "Ada"), (bob.Id, "Bob") }.Order(), room.Members.Select(m => (m.UserId, m.Name)).Order());
        var seen = await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);
        Assert.Equal(("match", (string?)null), (seen.Origin, seen.CreatorId));
        Assert.Contains(await (await bob.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK), r => r.Id == room.Id);
    }

    [Fact]
    public async Task AnyMemberOfAMatchedPairMayDestroyItButNobodyMayRotateItsInvite()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id }, Capacity = 2 });

        var rotate = await ada.Client.PostAsync($"/api/rooms/{room.Id}/invite/rotate", null);
        var destroy = await bob.Client.DeleteAsync($"/api/rooms/{room.Id}");

        Assert.Equal(HttpStatusCode.Forbidden, rotate.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, destroy.StatusCode);
        RoomCalls.SameIds([ada.Id, bob.Id], Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed")).UserIds);
    }

    [Fact]
    public async Task AMatchedEnclaveIsDestroyedByEitherOfItsPairUntilItGrowsIntoAGroup()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var cyd = await fixture.CreateUserAsync("Cyd");
        var pair = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id }, Origin = "match" });
        var grown = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id }, Origin = "match" });
        var shared = await (await ada.GetRoomAsync(grown.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);
        await cyd.JoinOkAsync(shared);

        var destroyPair = await bob.Client.DeleteAsync($"/api/rooms/{pair.Id}");
        var destroyGroup = await bob.Client.DeleteAsync($"/api/rooms/{grown.Id}");

        // Capacity 8 (the enclave default), no creator: the pair may end it; once a third joined, nobody alone may.
        Assert.Equal(HttpStatusCode.NoContent, destroyPair.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/destroy-not-allowed", (await destroyGroup.ProblemAsync(HttpStatusCode.Forbidden)).Type);
        Assert.Equal(HttpStatusCode.OK, (await cyd.GetRoomAsync(grown.Id)).StatusCode);
    }

    [Fact]
    public async Task CreateRoomRefusesBadInputWithPreciseStatusCodes()
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var none = await Refused(new CreateRoomRequest());
        var kind = await Refused(new CreateRoomRequest { MemberIds = { ada.Id }, Kind = "group" });
        var origin = await Refused(new CreateRoomRequest { MemberIds = { ada.Id }, Origin = "created" });
        var capacity = await Refused(new CreateRoomRequest { MemberIds = { ada.Id }, Capacity = 17 });
        var duplicate = await Refused(new CreateRoomRequest { MemberIds = { ada.Id, ada.Id } });
        var tooMany = await Refused(new CreateRoomRequest { MemberIds = { ada.Id, "x1", "x2" }, Capacity = 2 });
        var illFormed = await Refused(new CreateRoomRequest { MemberIds = { "not/an/id" } });
        var unknown = await Refused(new CreateRoomRequest { MemberIds = { ada.Id, RoomCalls.Base64Url(16) } });

        Assert.All([none, kind, origin, capacity, duplicate, tooMany, illFormed], s => Assert.Equal(StatusCode.InvalidArgument, s));
        Assert.Equal(StatusCode.FailedPrecondition, unknown);
    }

    [Fact]
    public async Task GetMembershipTellsMembersFromEveryoneElse()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("private");

        var member = await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = room.Id, UserId = ada.Id });
        var stranger = await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = room.Id, UserId = eve.Id });
        var unknown = await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = RoomCalls.UnknownRoomId(), UserId = ada.Id });
        var illFormed = await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = "nope", UserId = ada.Id });
        var empty = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = room.Id }));

        Assert.True(member.IsMember);
        Assert.Equal(room.ExpiresAt, member.ExpiresAt.ToDateTimeOffset());
        Assert.False(stranger.IsMember);
        Assert.False(unknown.IsMember);
        Assert.False(illFormed.IsMember);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task GetMembershipIsFalseOnceTheRoomHasExpired()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("private", "10m");

        fixture.Time.Advance(TimeSpan.FromMinutes(10));
        var reply = await fixture.RoomsGrpc.GetMembershipAsync(new GetMembershipRequest { RoomId = room.Id, UserId = ada.Id });

        Assert.False(reply.IsMember);
    }

    [Fact]
    public async Task ListMembersReturnsTheRoomAndIsNotFoundForAnUnknownOne()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave", capacity: 4);
        await bob.JoinOkAsync(room);

        var listed = await fixture.RoomsGrpc.ListMembersAsync(new ListMembersRequest { RoomId = room.Id });
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.RoomsGrpc.ListMembersAsync(new ListMembersRequest { RoomId = RoomCalls.UnknownRoomId() }));
        var illFormed = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.RoomsGrpc.ListMembersAsync(new ListMembersRequest { RoomId = "x" }));

        Assert.Equal((room.Id, 4, ada.Id, "created"), (listed.Id, listed.Capacity, listed.CreatorId, listed.Origin));
        RoomCalls.SameIds([ada.Id, bob.Id], listed.Members.Select(m => m.UserId));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.NotFound, illFormed.StatusCode);
    }

    [Fact]
    public async Task LeaveRoomReturnsTheRemainingMembersAndTellsThem()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id } });

        var reply = await fixture.RoomsGrpc.LeaveRoomAsync(new LeaveRoomRequest { RoomId = room.Id, UserId = bob.Id });
        var again = await Assert.ThrowsAsync<RpcException>(async () =>
            await fixture.RoomsGrpc.LeaveRoomAsync(new LeaveRoomRequest { RoomId = room.Id, UserId = bob.Id }));

        Assert.Equal([ada.Id], reply.RemainingMemberIds);
        Assert.Equal(StatusCode.NotFound, again.StatusCode);
        var left = Assert.Single(fixture.Signaling.For(room.Id, "MemberLeft"));
        Assert.Equal([ada.Id], left.UserIds);
        Assert.Equal(bob.Id, left.Payload.GetProperty("memberId").GetString());
    }

    [Fact]
    public async Task RemoveUserTakesADeletedAccountOutOfEveryRoom()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var shared = await ada.CreateRoomAsync("enclave");
        await bob.JoinOkAsync(shared);
        var alone = await ada.CreateRoomAsync("private");
        var matched = await fixture.RoomsGrpc.CreateRoomAsync(new CreateRoomRequest { MemberIds = { ada.Id, bob.Id } });

        var reply = await fixture.RoomsGrpc.RemoveUserAsync(new RemoveUserRequest { UserId = ada.Id });

        Assert.Equal(3, reply.RoomsLeft);
        Assert.Equal(ada.Id, Assert.Single(fixture.Signaling.For(shared.Id, "MemberLeft")).Payload.GetProperty("memberId").GetString());
        Assert.Equal([bob.Id], Assert.Single(fixture.Signaling.For(matched.Id, "MemberLeft")).UserIds);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetRoomAsync(shared.Id)).StatusCode);
        Assert.DoesNotContain(await fixture.Store.ScanAsync(), k => k.Key.Contains(alone.Id, StringComparison.Ordinal) || k.Content.Contains(alone.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(await fixture.Store.ScanAsync(), k => k.Key == $"rooms:user:{ada.Id}");
        Assert.Empty(await (await ada.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK));
    }

    private async Task<StatusCode> Refused(CreateRoomRequest request) =>
        (await Assert.ThrowsAsync<RpcException>(async () => await fixture.RoomsGrpc.CreateRoomAsync(request))).StatusCode;
}
