using System.Net;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class LeaveRotateDestroyTests(RoomsFixture fixture)
{
    [Fact]
    public async Task LeavingRemovesTheMemberAndTellsTheOthers()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");
        await bob.JoinOkAsync(room);

        var response = await bob.Client.PostAsync($"/api/rooms/{room.Id}/leave", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var left = Assert.Single(fixture.Signaling.For(room.Id, "MemberLeft"));
        Assert.Equal([ada.Id], left.UserIds);
        Assert.Equal(bob.Id, left.Payload.GetProperty("memberId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetRoomAsync(room.Id)).StatusCode);
        Assert.Empty(await (await bob.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK));
        Assert.Equal([ada.Id], (await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK)).Members.Select(m => m.Id));
    }

    [Fact]
    public async Task TheLastMemberLeavingDeletesEveryKeyOfTheRoom()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        await ada.PostDispatchAsync(room.Id, "first");

        var response = await ada.Client.PostAsync($"/api/rooms/{room.Id}/leave", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(await fixture.Store.ScanAsync(), k => k.Key.Contains(room.Id, StringComparison.Ordinal) || k.Content.Contains(room.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeavingARoomYouAreNotInIsNotFound()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave");

        var notMember = await eve.Client.PostAsync($"/api/rooms/{room.Id}/leave", null);
        var illFormed = await eve.Client.PostAsync("/api/rooms/x/leave", null);

        Assert.Equal(HttpStatusCode.NotFound, notMember.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, illFormed.StatusCode);
    }

    [Fact]
    public async Task RotatingTheInviteInvalidatesOldLinks()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");

        var rotated = await (await ada.Client.PostAsync($"/api/rooms/{room.Id}/invite/rotate", null)).BodyAsync<InviteBody>(HttpStatusCode.OK);

        Assert.NotEqual(room.Invite, rotated.Invite);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", rotated.Invite);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.JoinAsync(room.Id, room.Invite)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.JoinAsync(room.Id, rotated.Invite)).StatusCode);
        Assert.Equal(rotated.Invite, (await (await bob.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK)).Invite);
    }

    [Fact]
    public async Task OnlyTheCreatorRotatesTheInvite()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave");
        await bob.JoinOkAsync(room);

        var member = await bob.Client.PostAsync($"/api/rooms/{room.Id}/invite/rotate", null);
        var stranger = await eve.Client.PostAsync($"/api/rooms/{room.Id}/invite/rotate", null);

        Assert.Equal("https://ephemchat.app/problems/not-room-creator", (await member.ProblemAsync(HttpStatusCode.Forbidden)).Type);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(room.Invite, (await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK)).Invite);
    }

    [Fact]
    public async Task DestroyNowByAnyMemberOfATwoPersonRoomDeletesEveryKeyAndTellsEveryMember()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private");
        await bob.JoinOkAsync(room);
        await ada.PostDispatchAsync(room.Id, "hello");

        var response = await bob.Client.DeleteAsync($"/api/rooms/{room.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(await fixture.Store.ScanAsync(), k => k.Key.Contains(room.Id, StringComparison.Ordinal) || k.Content.Contains(room.Id, StringComparison.Ordinal));
        var destroyed = Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed"));
        RoomCalls.SameIds([ada.Id, bob.Id], destroyed.UserIds);
        Assert.Equal("destroyed", destroyed.Payload.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await ada.GetRoomAsync(room.Id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ada.Client.DeleteAsync($"/api/rooms/{room.Id}")).StatusCode);
    }

    [Fact]
    public async Task OnlyTheCreatorDestroysAGroupRoom()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave", capacity: 3);
        await bob.JoinOkAsync(room);

        var member = await bob.Client.DeleteAsync($"/api/rooms/{room.Id}");
        var stranger = await eve.Client.DeleteAsync($"/api/rooms/{room.Id}");
        var creator = await ada.Client.DeleteAsync($"/api/rooms/{room.Id}");

        Assert.Equal("https://ephemchat.app/problems/destroy-not-allowed", (await member.ProblemAsync(HttpStatusCode.Forbidden)).Type);
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, creator.StatusCode);
        RoomCalls.SameIds([ada.Id, bob.Id], Assert.Single(fixture.Signaling.For(room.Id, "RoomDestroyed")).UserIds);
    }

    [Fact]
    public async Task DestroyingAnIllFormedOrUnknownRoomIsNotFound()
    {
        var ada = await fixture.CreateUserAsync("Ada");

        Assert.Equal(HttpStatusCode.NotFound, (await ada.Client.DeleteAsync("/api/rooms/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ada.Client.DeleteAsync($"/api/rooms/{RoomCalls.UnknownRoomId()}")).StatusCode);
    }

    private sealed record InviteBody(string Invite);
}
