using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Tests.Infrastructure;
using Grpc.Core;

namespace EphemChat.Signaling.Tests;

/// <summary>The internal gRPC contract: pushing events to users and asking who is online.</summary>
[Collection(SignalingCollection.Name)]
public sealed class NotifyAndPresenceTests(SignalingFixture fixture)
{
    [Fact]
    public async Task NotifyReachesEveryConnectionOfTheUsersAsAJsonObject()
    {
        var (ada, bo, cy) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"), await fixture.CreateSessionAsync("Cy"));
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var adaOtherTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await using var cyTab = await fixture.ConnectAsync(cy);

        var reply = await SignalingFixture.GrpcClient(fixture.Signaling).NotifyAsync(new NotifyRequest
        {
            UserIds = { ada.UserId, bo.UserId },
            Event = "MatchFound",
            PayloadJson = """{"roomId":"r-42","peerName":"Bo"}""",
        });

        Assert.Equal(3, reply.Connections);
        foreach (var tab in new[] { adaTab, adaOtherTab, boTab })
        {
            var found = await tab.NextAsync("MatchFound");
            Assert.Equal(("r-42", "Bo"), (found.Str("roomId"), found.Str("peerName")));
        }
        Assert.Empty(cyTab.Pending("MatchFound"));
    }

    [Theory]
    [InlineData("RoomExpiring", """{"roomId":"r","secondsLeft":60}""")]
    [InlineData("RoomDestroyed", """{"roomId":"r","reason":"expired"}""")]
    [InlineData("DispatchPosted", """{"roomId":"r","dispatchId":"d","seq":7,"senderId":"u"}""")]
    [InlineData("MemberJoined", """{"roomId":"r","member":{"id":"u","name":"Bo"}}""")]
    [InlineData("MemberLeft", """{"roomId":"r","memberId":"u"}""")]
    [InlineData("NoMatch", """{"reason":"timeout"}""")]
    public async Task EveryKnownEventIsPushedUnderItsOwnName(string eventName, string payload)
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        await using var adaTab = await fixture.ConnectAsync(ada);

        await SignalingFixture.GrpcClient(fixture.Signaling).NotifyAsync(new NotifyRequest { UserIds = { ada.UserId }, Event = eventName, PayloadJson = payload });

        var received = await adaTab.NextAsync(eventName);
        Assert.Equal(payload, received.GetRawText());
    }

    [Theory]
    [InlineData("PeerJoined", "{}")]
    [InlineData("Signal", "{}")]
    [InlineData("matchfound", "{}")]
    [InlineData("MatchFound", "[1,2]")]
    [InlineData("MatchFound", "{not json")]
    public async Task NotifyRefusesUnknownEventsAndPayloadsThatAreNotJsonObjects(string eventName, string payload)
    {
        var client = SignalingFixture.GrpcClient(fixture.Signaling);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.NotifyAsync(new NotifyRequest { UserIds = { "u1" }, Event = eventName, PayloadJson = payload }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Fact]
    public async Task NotifyAcceptsAsManyUsersAsTheLimitAndNotOneMore()
    {
        var client = SignalingFixture.GrpcClient(fixture.Signaling);
        var limit = new Hubs.SignalingOptions().MaxUsersPerCall;
        var atLimit = new NotifyRequest { Event = "NoMatch", PayloadJson = "{}" };
        atLimit.UserIds.AddRange(Enumerable.Range(0, limit).Select(i => $"user-{i}"));
        var overLimit = atLimit.Clone();
        overLimit.UserIds.Add("one-more");

        var reply = await client.NotifyAsync(atLimit);
        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.NotifyAsync(overLimit));
        var none = await Assert.ThrowsAsync<RpcException>(async () => await client.NotifyAsync(new NotifyRequest { Event = "NoMatch", PayloadJson = "{}" }));

        Assert.Equal(0, reply.Connections);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
    }

    [Fact]
    public async Task AMemberWhoWasSignallingIsCutOffOnItsReplicaAsSoonAsAnotherReplicaEvictsIt()
    {
        // Arrange: Bo, on the other replica, has been signalling Ada, so that replica remembers the route (2 s).
        await using var other = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo, other);
        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
        await boTab.SignalAsync(roomId, adaPeer, "offer", new { sdp = "before" });
        await adaTab.NextAsync("Signal");

        // Act: Ada blocks Bo; rooms tells signaling through the replica Ada is on.
        fixture.Rooms.Revoke(roomId, bo.UserId);
        await SignalingFixture.GrpcClient(fixture.Signaling).NotifyAsync(new NotifyRequest
        {
            UserIds = { ada.UserId },
            Event = "MemberLeft",
            PayloadJson = $$"""{"roomId":"{{roomId}}","memberId":"{{bo.UserId}}"}""",
        });
        await adaTab.NextAsync("PeerLeft", e => e.Str("peerId") == boPeer);

        // Assert: well within the route's 2 s lifetime, Bo's replica refuses his signals (the invalidation travels
        // over the store's pub/sub, so it may take a moment).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Microsoft.AspNetCore.SignalR.HubException? refused = null;
        while (refused is null && clock.Elapsed < TimeSpan.FromSeconds(1))
        {
            try
            {
                await boTab.SignalAsync(roomId, adaPeer, "candidate", new { candidate = "after" });
                await Task.Delay(20);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException ex)
            {
                refused = ex;
            }
        }
        Assert.NotNull(refused);
        Assert.EndsWith(Hubs.HubErrors.NotInRoom, refused.Message);
    }

    [Fact]
    public async Task AMemberWhoLeftStopsBeingAPeerOnEveryReplicaAndCanNoLongerSignalThere()
    {
        await using var other = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo, other);
        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;

        // Rooms tells the remaining member that Bo left (skip, block or leave), through the replica Ada is on.
        fixture.Rooms.Revoke(roomId, bo.UserId);
        await SignalingFixture.GrpcClient(fixture.Signaling).NotifyAsync(new NotifyRequest
        {
            UserIds = { ada.UserId },
            Event = "MemberLeft",
            PayloadJson = $$"""{"roomId":"{{roomId}}","memberId":"{{bo.UserId}}"}""",
        });

        Assert.Equal(bo.UserId, (await adaTab.NextAsync("MemberLeft")).Str("memberId"));
        Assert.Equal(roomId, (await adaTab.NextAsync("PeerLeft", e => e.Str("peerId") == boPeer)).Str("roomId"));
        var signal = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => boTab.SignalAsync(roomId, adaPeer, "offer", new { sdp = "x" }));
        var typing = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => boTab.TypingAsync(roomId));
        var reenter = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => boTab.EnterRoomAsync(roomId));
        Assert.EndsWith(Hubs.HubErrors.NotInRoom, signal.Message);
        Assert.EndsWith(Hubs.HubErrors.NotInRoom, typing.Message);
        Assert.EndsWith(Hubs.HubErrors.NotMember, reenter.Message);
        Assert.Empty((await adaTab.EnterRoomAsync(roomId)).Peers);
        Assert.Empty(adaTab.Pending("Signal"));
        Assert.Empty(adaTab.Pending("Typing"));
    }

    [Fact]
    public async Task PresenceListsTheUsersWithALiveConnection()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        await using var adaTab = await fixture.ConnectAsync(ada);
        var boTab = await fixture.ConnectAsync(bo);
        await boTab.DisposeAsync();
        await fixture.Matchmaking.WaitForCancellationAsync(bo.UserId);

        var reply = await SignalingFixture.GrpcClient(fixture.Signaling).GetPresenceAsync(new GetPresenceRequest { UserIds = { ada.UserId, bo.UserId, "never-seen" } });

        Assert.Equal([ada.UserId], reply.OnlineUserIds);
    }

    [Fact]
    public async Task EveryPresenceKeyInTheStoreCarriesATtl()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await adaTab.EnterRoomAsync(roomId);
        await boTab.EnterRoomAsync(roomId);

        var keys = (await fixture.Store.ScanAsync()).Where(k => k.Key.StartsWith("signaling:", StringComparison.Ordinal)).ToList();

        Assert.Contains(keys, k => k.Key == $"signaling:presence:room:{roomId}");
        Assert.All(keys, k => Assert.True(k.TimeToLive > TimeSpan.Zero, $"{k.Key} has no TTL"));
        Assert.DoesNotContain(keys, k => k.Content.Contains(ada.Token, StringComparison.Ordinal));
    }
}
