using System.Text.Json;
using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using HubException = Microsoft.AspNetCore.SignalR.HubException;

namespace EphemChat.Signaling.Tests;

/// <summary>The hub's methods and limits, over real WebSockets to one replica.</summary>
[Collection(SignalingCollection.Name)]
public sealed class HubTests(SignalingFixture fixture)
{
    private static readonly SignalingOptions s_defaults = new();

    [Fact]
    public async Task EnteringARoomReturnsThePeersOnlineAndAnnouncesTheNewPeer()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);

        var adaEntry = await adaTab.EnterRoomAsync(roomId);
        var boEntry = await boTab.EnterRoomAsync(roomId);

        Assert.Equal(roomId, adaEntry.RoomId);
        Assert.Empty(adaEntry.Peers);
        var peer = Assert.Single(boEntry.Peers);
        Assert.Equal(new PeerBody(adaEntry.PeerId, ada.UserId, "Ada"), peer);
        var joined = await adaTab.NextAsync("PeerJoined");
        Assert.Equal(roomId, joined.Str("roomId"));
        Assert.Equal(new PeerBody(boEntry.PeerId, bo.UserId, "Bo"), joined.GetProperty("peer").Deserialize<PeerBody>(TestHubClient.StrictCamelCase));
        Assert.Contains(fixture.Rooms.Checks, c => c.RoomId == roomId && c.UserId == bo.UserId);
    }

    [Fact]
    public async Task PeerIdsAreRandomUrlSafeAndDifferPerConnection()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        var roomId = fixture.Rooms.CreateRoom(ada.UserId);
        await using var first = await fixture.ConnectAsync(ada);
        await using var second = await fixture.ConnectAsync(ada);

        var one = await first.EnterRoomAsync(roomId);
        var two = await second.EnterRoomAsync(roomId);

        Assert.NotEqual(one.PeerId, two.PeerId);
        foreach (var peerId in new[] { one.PeerId, two.PeerId })
        {
            Assert.Matches("^[A-Za-z0-9_-]{22}$", peerId);
            Assert.Equal(PeerIds.RandomBytes, Convert.FromBase64String(peerId.Replace('-', '+').Replace('_', '/') + "==").Length);
        }
        // Two tabs of one user are two peers: the second sees the first.
        Assert.Equal(one.PeerId, Assert.Single(two.Peers).PeerId);
    }

    [Fact]
    public async Task LeavingOrDisconnectingAnnouncesPeerLeft()
    {
        var (ada, bo, cy) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"), await fixture.CreateSessionAsync("Cy"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId, cy.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        var cyTab = await fixture.ConnectAsync(cy);
        await adaTab.EnterRoomAsync(roomId);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
        var cyPeer = (await cyTab.EnterRoomAsync(roomId)).PeerId;

        await boTab.LeaveRoomAsync(roomId);
        var left = await adaTab.NextAsync("PeerLeft", e => e.Str("peerId") == boPeer);
        await cyTab.DisposeAsync();
        var disconnected = await adaTab.NextAsync("PeerLeft", e => e.Str("peerId") == cyPeer);

        Assert.Equal(roomId, left.Str("roomId"));
        Assert.Equal(roomId, disconnected.Str("roomId"));
        var again = await adaTab.EnterRoomAsync(roomId);
        Assert.Empty(again.Peers);
    }

    [Fact]
    public async Task ASignalReachesOnlyTheAddressedPeerWithItsSenderAndId()
    {
        var (ada, bo, cy) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"), await fixture.CreateSessionAsync("Cy"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId, cy.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await using var cyTab = await fixture.ConnectAsync(cy);
        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
        await cyTab.EnterRoomAsync(roomId);

        await adaTab.SignalAsync(roomId, boPeer, "offer", new { type = "offer", sdp = "v=0 ada" }, "sig-1");
        await boTab.SignalAsync(roomId, adaPeer, "answer", new { type = "answer", sdp = "v=0 bo" }, "sig-2");
        await adaTab.SignalAsync(roomId, boPeer, "candidate", new { candidate = "candidate:1 1 udp 1 127.0.0.1 5000 typ host", sdpMid = "0" }, "sig-3");

        var offer = await boTab.NextAsync("Signal");
        Assert.Equal(roomId, offer.Str("roomId"));
        Assert.Equal(adaPeer, offer.Str("fromPeer"));
        Assert.Equal("offer", offer.Str("kind"));
        Assert.Equal("sig-1", offer.Str("id"));
        Assert.Equal("v=0 ada", offer.GetProperty("payload").Str("sdp"));
        var answer = await adaTab.NextAsync("Signal");
        Assert.Equal(("answer", boPeer, "v=0 bo"), (answer.Str("kind"), answer.Str("fromPeer"), answer.GetProperty("payload").Str("sdp")));
        var candidate = await boTab.NextAsync("Signal");
        Assert.Equal("candidate", candidate.Str("kind"));
        Assert.Empty(cyTab.Pending("Signal"));
    }

    [Fact]
    public async Task ADuplicateSignalIdFromTheSameSenderIsDropped()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await adaTab.EnterRoomAsync(roomId);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;

        await adaTab.SignalAsync(roomId, boPeer, "candidate", new { candidate = "a" }, "same-id");
        await adaTab.SignalAsync(roomId, boPeer, "candidate", new { candidate = "a" }, "same-id");
        await adaTab.SignalAsync(roomId, boPeer, "candidate", new { candidate = "b" }, "next-id");

        // Signals of one sender arrive in order: the one after "same-id" is "next-id", not the copy.
        Assert.Equal("same-id", (await boTab.NextAsync("Signal")).Str("id"));
        Assert.Equal("next-id", (await boTab.NextAsync("Signal")).Str("id"));
        Assert.Empty(boTab.Pending("Signal"));
    }

    [Fact]
    public async Task ADuplicateSignalIdIsRelayedAgainOnceTheWindowHasPassed()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await adaTab.EnterRoomAsync(roomId);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;

        await adaTab.SignalAsync(roomId, boPeer, "restart", new { }, "restart-1");
        // Time passes heartbeat by heartbeat, as it does for a live replica, so that both stay present.
        for (var elapsed = TimeSpan.Zero; elapsed < s_defaults.DuplicateSignalWindow; elapsed += s_defaults.PresenceHeartbeatInterval)
        {
            await fixture.AdvanceHeartbeatAsync(ada.UserId, bo.UserId);
        }
        await adaTab.SignalAsync(roomId, boPeer, "restart", new { }, "restart-1");

        Assert.Equal("restart-1", (await boTab.NextAsync("Signal")).Str("id"));
        Assert.Equal("restart-1", (await boTab.NextAsync("Signal")).Str("id"));
    }

    [Fact]
    public async Task ANonMemberCannotEnterARoom()
    {
        var (ada, eve) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Eve"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId);
        await using var eveTab = await fixture.ConnectAsync(eve);

        var error = await Assert.ThrowsAsync<HubException>(() => eveTab.EnterRoomAsync(roomId));

        Assert.Contains(HubErrors.NotMember, error.Message);
    }

    [Fact]
    public async Task SignalsAndTypingNeedTheSenderInTheRoomAndTheReceiverToo()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        var otherRoom = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
        await adaTab.EnterRoomAsync(otherRoom);

        var notIn = await Assert.ThrowsAsync<HubException>(() => adaTab.SignalAsync(roomId, boPeer, "offer", new { sdp = "x" }));
        var typing = await Assert.ThrowsAsync<HubException>(() => adaTab.TypingAsync(roomId));
        // Bo is a peer of the first room only: a signal to him in the other room has nobody to reach.
        var elsewhere = await Assert.ThrowsAsync<HubException>(() => adaTab.SignalAsync(otherRoom, boPeer, "offer", new { sdp = "x" }));

        Assert.Contains(HubErrors.NotInRoom, notIn.Message);
        Assert.Contains(HubErrors.NotInRoom, typing.Message);
        Assert.Contains(HubErrors.PeerGone, elsewhere.Message);
        Assert.Empty(boTab.Pending("Signal"));
    }

    [Fact]
    public async Task TypingReachesTheOtherPeersWithTheTypistsName()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        await boTab.EnterRoomAsync(roomId);

        await adaTab.TypingAsync(roomId);

        var typing = await boTab.NextAsync("Typing");
        Assert.Equal((roomId, adaPeer, "Ada"), (typing.Str("roomId"), typing.Str("peerId"), typing.Str("name")));
        Assert.Empty(adaTab.Pending("Typing"));
    }

    [Fact]
    public async Task MalformedArgumentsAreRefusedWithReadableErrors()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await adaTab.EnterRoomAsync(roomId);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;

        var badRoom = await Assert.ThrowsAsync<HubException>(() => adaTab.EnterRoomAsync("../etc"));
        var longRoom = await Assert.ThrowsAsync<HubException>(() => adaTab.EnterRoomAsync(new string('r', s_defaults.MaxIdLength + 1)));
        var badKind = await Assert.ThrowsAsync<HubException>(() => adaTab.SignalAsync(roomId, boPeer, "bye", new { }));
        var noId = await Assert.ThrowsAsync<HubException>(() => adaTab.Connection.InvokeAsync("Signal", roomId, boPeer, "offer", new { }, ""));

        Assert.Contains(HubErrors.InvalidRoomId, badRoom.Message);
        Assert.Contains(HubErrors.InvalidRoomId, longRoom.Message);
        Assert.Contains(HubErrors.UnknownSignalKind, badKind.Message);
        Assert.Contains("A signal needs an id", noId.Message);
    }

    [Fact]
    public async Task ASignalPayloadAtTheLimitIsRelayedAndOneCharacterMoreIsRefused()
    {
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        await using var boTab = await fixture.ConnectAsync(bo);
        await adaTab.EnterRoomAsync(roomId);
        var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
        // A JSON string payload: its text is the characters plus two quotes.
        var atLimit = new string('a', s_defaults.MaxSignalPayloadLength - 2);

        await adaTab.SignalAsync(roomId, boPeer, "offer", atLimit, "at-limit");
        var error = await Assert.ThrowsAsync<HubException>(() => adaTab.SignalAsync(roomId, boPeer, "offer", atLimit + "a", "over-limit"));

        Assert.Equal(atLimit, (await boTab.NextAsync("Signal")).GetProperty("payload").GetString());
        Assert.Contains(string.Format(HubErrors.PayloadTooLarge, s_defaults.MaxSignalPayloadLength), error.Message);
        Assert.Empty(boTab.Pending("Signal"));
    }

    [Fact]
    public async Task AMessageOverTheMaximumSizeClosesTheConnection()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        var roomId = fixture.Rooms.CreateRoom(ada.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada);
        var peerId = (await adaTab.EnterRoomAsync(roomId)).PeerId;

        var oversized = new string('a', (int)s_defaults.MaximumReceiveMessageSize);
        _ = adaTab.Connection.InvokeAsync("Signal", roomId, peerId, "offer", oversized, "huge").ContinueWith(_ => { });

        var closedWith = await adaTab.Closed.WaitAsync(TestTimeouts.Event);
        Assert.NotNull(closedWith);
    }

    [Fact]
    public async Task AFloodingClientIsRefusedAtTheBurstAndServedAgainAtTheSustainedRate()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        await using var adaTab = await fixture.ConnectAsync(ada);

        // Leaving a room one is not in does nothing, but every call counts against the connection's bucket.
        for (var i = 0; i < s_defaults.RateLimitBurst; i++)
        {
            await adaTab.LeaveRoomAsync("nowhere");
        }
        var flooded = await Assert.ThrowsAsync<HubException>(() => adaTab.LeaveRoomAsync("nowhere"));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 0; i < s_defaults.RateLimitPerSecond; i++)
        {
            await adaTab.LeaveRoomAsync("nowhere");
        }
        var again = await Assert.ThrowsAsync<HubException>(() => adaTab.LeaveRoomAsync("nowhere"));

        Assert.EndsWith("HubException: " + HubErrors.TooFast, flooded.Message);
        Assert.EndsWith("HubException: " + HubErrors.TooFast, again.Message);
        Assert.Equal(HubConnectionState.Connected, adaTab.Connection.State);
    }

    [Fact]
    public async Task AConnectionMayBeInAsManyRoomsAsTheLimitAndNotOneMore()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        var rooms = Enumerable.Range(0, s_defaults.MaxRoomsPerConnection + 1).Select(_ => fixture.Rooms.CreateRoom(ada.UserId)).ToList();
        await using var adaTab = await fixture.ConnectAsync(ada);

        foreach (var roomId in rooms.Take(s_defaults.MaxRoomsPerConnection))
        {
            await adaTab.EnterRoomAsync(roomId);
        }
        var error = await Assert.ThrowsAsync<HubException>(() => adaTab.EnterRoomAsync(rooms[^1]));
        var reentered = await adaTab.EnterRoomAsync(rooms[0]);
        await adaTab.LeaveRoomAsync(rooms[0]);
        var afterLeaving = await adaTab.EnterRoomAsync(rooms[^1]);

        Assert.EndsWith("HubException: " + string.Format(HubErrors.TooManyRooms, s_defaults.MaxRoomsPerConnection), error.Message);
        Assert.Equal(rooms[0], reentered.RoomId);
        Assert.Equal(rooms[^1], afterLeaving.RoomId);
    }

    [Fact]
    public async Task TheLastConnectionOfAUserGoingAwayCancelsTheirSearch()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        var firstTab = await fixture.ConnectAsync(ada);
        var secondTab = await fixture.ConnectAsync(ada, bearer: true);

        await firstTab.DisposeAsync();
        var presence = await SignalingFixture.GrpcClient(fixture.Signaling).GetPresenceAsync(new() { UserIds = { ada.UserId } });
        await secondTab.DisposeAsync();
        var cancellation = await fixture.Matchmaking.WaitForCancellationAsync(ada.UserId);

        Assert.Equal([ada.UserId], presence.OnlineUserIds);
        Assert.Equal("disconnected", cancellation.Reason);
        Assert.Single(fixture.Matchmaking.Cancellations, c => c.UserId == ada.UserId);
    }
}
