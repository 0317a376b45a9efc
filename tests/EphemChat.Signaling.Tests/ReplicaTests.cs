using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EphemChat.Signaling.Tests;

/// <summary>Two signaling replicas on one store: signals, pushes and presence cross them; a dead one's peers expire.</summary>
[Collection(SignalingCollection.Name)]
public sealed class ReplicaTests(SignalingFixture fixture)
{
    [Fact]
    public async Task PeersOnDifferentReplicasExchangeOfferAnswerAndCandidates()
    {
        await using var first = fixture.StartSignaling();
        await using var second = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        await using var adaTab = await fixture.ConnectAsync(ada, first);
        await using var boTab = await fixture.ConnectAsync(bo, second);

        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        var boEntry = await boTab.EnterRoomAsync(roomId);
        var joined = await adaTab.NextAsync("PeerJoined");
        await adaTab.SignalAsync(roomId, boEntry.PeerId, "offer", new { type = "offer", sdp = "offer-sdp" });
        var offer = await boTab.NextAsync("Signal");
        await boTab.SignalAsync(roomId, adaPeer, "answer", new { type = "answer", sdp = "answer-sdp" });
        var answer = await adaTab.NextAsync("Signal");
        await adaTab.SignalAsync(roomId, boEntry.PeerId, "candidate", new { candidate = "from-ada" });
        await boTab.SignalAsync(roomId, adaPeer, "candidate", new { candidate = "from-bo" });

        Assert.Equal(adaPeer, Assert.Single(boEntry.Peers).PeerId);
        Assert.Equal(boEntry.PeerId, joined.GetProperty("peer").Str("peerId"));
        Assert.Equal(("offer", adaPeer, "offer-sdp"), (offer.Str("kind"), offer.Str("fromPeer"), offer.GetProperty("payload").Str("sdp")));
        Assert.Equal(("answer", boEntry.PeerId, "answer-sdp"), (answer.Str("kind"), answer.Str("fromPeer"), answer.GetProperty("payload").Str("sdp")));
        Assert.Equal("from-ada", (await boTab.NextAsync("Signal")).GetProperty("payload").Str("candidate"));
        Assert.Equal("from-bo", (await adaTab.NextAsync("Signal")).GetProperty("payload").Str("candidate"));
    }

    [Fact]
    public async Task NotifySentToOneReplicaReachesAUserConnectedToTheOther()
    {
        await using var first = fixture.StartSignaling();
        await using var second = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        await using var adaTab = await fixture.ConnectAsync(ada, first);
        await using var boTab = await fixture.ConnectAsync(bo, second);

        var reply = await SignalingFixture.GrpcClient(first).NotifyAsync(new NotifyRequest
        {
            UserIds = { ada.UserId, bo.UserId },
            Event = "RoomDestroyed",
            PayloadJson = """{"roomId":"r-1","reason":"destroyed"}""",
        });

        Assert.Equal(2, reply.Connections);
        Assert.Equal("destroyed", (await boTab.NextAsync("RoomDestroyed")).Str("reason"));
        Assert.Equal("destroyed", (await adaTab.NextAsync("RoomDestroyed")).Str("reason"));
    }

    [Fact]
    public async Task EachReplicaKnowsWhoIsOnlineOnTheOther()
    {
        await using var first = fixture.StartSignaling();
        await using var second = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        await using var adaTab = await fixture.ConnectAsync(ada, first);
        await using var boTab = await fixture.ConnectAsync(bo, second);

        var fromFirst = await SignalingFixture.GrpcClient(first).GetPresenceAsync(new GetPresenceRequest { UserIds = { ada.UserId, bo.UserId } });
        var fromSecond = await SignalingFixture.GrpcClient(second).GetPresenceAsync(new GetPresenceRequest { UserIds = { ada.UserId, bo.UserId } });

        string[] both = [.. new[] { ada.UserId, bo.UserId }.Order(StringComparer.Ordinal)];
        Assert.Equal(both, fromFirst.OnlineUserIds.Order(StringComparer.Ordinal));
        Assert.Equal(both, fromSecond.OnlineUserIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task WhenAReplicaDiesItsPeersExpireAndTheLivingReplicaAnnouncesThem()
    {
        var options = new SignalingOptions();
        await using var survivor = fixture.StartSignaling();
        var doomed = fixture.StartSignaling();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);
        var adaTab = await fixture.ConnectAsync(ada, doomed);
        await using var boTab = await fixture.ConnectAsync(bo, survivor);
        var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
        await boTab.EnterRoomAsync(roomId);

        // A crash: the replica loses the store (and with it the backplane) before its process goes away, so it
        // cannot remove its own entries or tell anyone.
        await doomed.Services.GetRequiredService<IConnectionMultiplexer>().CloseAsync(allowCommandsToComplete: false);
        try
        {
            await doomed.DisposeAsync();
        }
        catch (ObjectDisposedException)
        {
            // A replica without its store does not shut down cleanly (the backplane cannot unsubscribe): as a crash.
        }
        await adaTab.DisposeAsync();
        var presenceBefore = await SignalingFixture.GrpcClient(survivor).GetPresenceAsync(new GetPresenceRequest { UserIds = { ada.UserId } });
        // Time passes: the survivor keeps refreshing its own peers; the dead replica's stop being refreshed.
        for (var elapsed = TimeSpan.Zero; elapsed <= options.PresenceTimeout; elapsed += options.PresenceHeartbeatInterval)
        {
            await fixture.AdvanceHeartbeatAsync(bo.UserId);
        }
        var left = await boTab.NextAsync("PeerLeft", e => e.Str("peerId") == adaPeer);
        var cancellation = await fixture.Matchmaking.WaitForCancellationAsync(ada.UserId);
        var presenceAfter = await SignalingFixture.GrpcClient(survivor).GetPresenceAsync(new GetPresenceRequest { UserIds = { ada.UserId, bo.UserId } });
        var entry = await boTab.EnterRoomAsync(roomId);

        Assert.Equal([ada.UserId], presenceBefore.OnlineUserIds);
        Assert.Equal(roomId, left.Str("roomId"));
        Assert.Equal("disconnected", cancellation.Reason);
        Assert.Equal([bo.UserId], presenceAfter.OnlineUserIds);
        Assert.Empty(entry.Peers);
    }
}
