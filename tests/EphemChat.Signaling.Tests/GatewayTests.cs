using System.Net;
using EphemChat.Gateway;
using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Presence;
using EphemChat.Signaling.Tests.Infrastructure;
using EphemChat.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Signaling.Tests;

/// <summary>
/// The distributed picture: browsers reach two signaling replicas only through the real gateway (YARP, session
/// affinity), each on its own replica; when one replica dies its clients come back through the gateway to the other.
/// </summary>
[Collection(SignalingCollection.Name)]
public sealed class GatewayTests(SignalingFixture fixture)
{
    [Fact]
    public async Task PeersOnTwoReplicasBehindTheGatewaySignalGetPushesAndSurviveTheLossOfAReplica()
    {
        // The gateway's origin is known only once its host exists; the replicas read it when they start.
        string? gatewayOrigin = null;
        void AllowGateway(IServiceCollection services) =>
            services.PostConfigure<SignalingOptions>(options => options.AllowedOrigins = [gatewayOrigin!]);
        var replicas = new List<ServiceHost<SignalingHub>>
        {
            new(fixture.SignalingSettings(), services => { services.AddSingleton<TimeProvider>(fixture.Time); AllowGateway(services); }),
            new(fixture.SignalingSettings(), services => { services.AddSingleton<TimeProvider>(fixture.Time); AllowGateway(services); }),
        };
        await using var gateway = new ServiceHost<GatewayOptions>(new Dictionary<string, string?>
        {
            ["services:signaling:http:0"] = replicas[0].HttpUrl,
            ["services:signaling:http:1"] = replicas[1].HttpUrl,
            ["services:identity:http:0"] = fixture.Identity.HttpUrl,
            // Not part of this test: addresses that refuse at once, so the gateway's health checks stay quiet.
            ["services:rooms:http:0"] = "http://127.0.0.1:9",
            ["services:matchmaking:http:0"] = "http://127.0.0.1:9",
            ["services:frontend:http:0"] = "http://127.0.0.1:9",
        });
        gatewayOrigin = gateway.HttpUrl;
        foreach (var replica in replicas)
        {
            replica.Start();
        }
        gateway.Start();
        try
        {
            var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
            var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);

            // Arrange: Ada and Bo through the gateway, each on another replica.
            await using var adaTab = await ConnectThroughGatewayAsync(gateway, ada);
            var adaReplica = await ReplicaOfAsync(replicas, adaTab);
            var boTab = await ConnectThroughGatewayAsync(gateway, bo);
            for (var attempt = 0; await ReplicaOfAsync(replicas, boTab) == adaReplica && attempt < 20; attempt++)
            {
                // Affinity is per browser: a new browser (cookie jar) may land on the other replica.
                await boTab.DisposeAsync();
                boTab = await ConnectThroughGatewayAsync(gateway, bo);
            }
            await using var _ = boTab;
            Assert.NotEqual(adaReplica, await ReplicaOfAsync(replicas, boTab));

            // Offer, answer and candidates cross the replicas.
            var adaPeer = (await adaTab.EnterRoomAsync(roomId)).PeerId;
            var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
            await adaTab.SignalAsync(roomId, boPeer, "offer", new { type = "offer", sdp = "o" });
            Assert.Equal("offer", (await boTab.NextAsync("Signal")).Str("kind"));
            await boTab.SignalAsync(roomId, adaPeer, "answer", new { type = "answer", sdp = "a" });
            Assert.Equal("answer", (await adaTab.NextAsync("Signal")).Str("kind"));
            await adaTab.SignalAsync(roomId, boPeer, "candidate", new { candidate = "c1" });
            await boTab.SignalAsync(roomId, adaPeer, "candidate", new { candidate = "c2" });
            Assert.Equal("c1", (await boTab.NextAsync("Signal")).GetProperty("payload").Str("candidate"));
            Assert.Equal("c2", (await adaTab.NextAsync("Signal")).GetProperty("payload").Str("candidate"));

            // Notify on one replica reaches both users.
            await SignalingFixture.GrpcClient(replicas[0]).NotifyAsync(new NotifyRequest
            {
                UserIds = { ada.UserId, bo.UserId },
                Event = "RoomExpiring",
                PayloadJson = $$"""{"roomId":"{{roomId}}","secondsLeft":60}""",
            });
            Assert.Equal(60, (await adaTab.NextAsync("RoomExpiring")).GetProperty("secondsLeft").GetInt32());
            Assert.Equal(60, (await boTab.NextAsync("RoomExpiring")).GetProperty("secondsLeft").GetInt32());

            // Act: Ada's replica goes away.
            await replicas[adaReplica].DisposeAsync();

            // Assert: Bo sees Ada leave, Ada comes back through the gateway to the other replica, enters the
            // room again with a new peer id, and the two can signal again.
            await boTab.NextAsync("PeerLeft", e => e.Str("peerId") == adaPeer);
            var survivor = 1 - adaReplica;
            var reentered = Assert.Single(await adaTab.ReenteredAsync(connectionId => IsOn(replicas[survivor], connectionId), TestTimeouts.Reconnect));
            Assert.True(adaTab.Connection.State == HubConnectionState.Connected, string.Join("\n", adaTab.History));
            Assert.NotEqual(adaPeer, reentered.PeerId);
            Assert.Equal(boPeer, Assert.Single(reentered.Peers).PeerId);
            await boTab.NextAsync("PeerJoined", e => e.GetProperty("peer").Str("peerId") == reentered.PeerId);
            await adaTab.SignalAsync(roomId, boPeer, "restart", new { });
            Assert.Equal(reentered.PeerId, (await boTab.NextAsync("Signal", e => e.Str("kind") == "restart")).Str("fromPeer"));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }

    private static Task<TestHubClient> ConnectThroughGatewayAsync(ServiceHost<GatewayOptions> gateway, TestSession session) =>
        TestHubClient.ConnectAsync(gateway.HttpUrl, session, gateway.HttpUrl, reconnect: JitteredRetryPolicy.ForTests(), cookies: new CookieContainer());

    /// <summary>Whether the replica holds this connection (one that has entered a room is registered already).</summary>
    private static bool IsOn(ServiceHost<SignalingHub> replica, string? connectionId) =>
        connectionId is not null && replica.Services.GetRequiredService<LocalConnections>().Find(connectionId) is not null;

    /// <summary>
    /// Which replica holds the tab's connection. The handshake completes before the hub's OnConnectedAsync has run,
    /// so the connection may take a moment to appear.
    /// </summary>
    private static async Task<int> ReplicaOfAsync(List<ServiceHost<SignalingHub>> replicas, TestHubClient tab)
    {
        using var deadline = new CancellationTokenSource(TestTimeouts.Event);
        while (true)
        {
            for (var i = 0; i < replicas.Count; i++)
            {
                try
                {
                    if (replicas[i].Services.GetRequiredService<LocalConnections>().Find(tab.Connection.ConnectionId!) is not null)
                    {
                        return i;
                    }
                }
                catch (ObjectDisposedException)
                {
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
