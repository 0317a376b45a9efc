using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Signaling.Tests;

/// <summary>The service's instruments on its one meter, as the dashboard reads them.</summary>
[Collection(SignalingCollection.Name)]
public sealed class MetricsTests(SignalingFixture fixture)
{
    [Fact]
    public async Task ConnectionsSignalsPushesAndRejectionsAreCounted()
    {
        await using var host = fixture.StartSignaling();
        var measurements = new ConcurrentQueue<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener
        {
            // Only this replica's meter: every host in the test process has one of the same name.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == host.Services.GetRequiredService<IMeterFactory>() && instrument.Name.StartsWith("ephemchat.signaling.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        var (ada, bo) = (await fixture.CreateSessionAsync("Ada"), await fixture.CreateSessionAsync("Bo"));
        var roomId = fixture.Rooms.CreateRoom(ada.UserId, bo.UserId);

        await using (var adaTab = await fixture.ConnectAsync(ada, host))
        await using (var boTab = await fixture.ConnectAsync(bo, host))
        {
            await adaTab.EnterRoomAsync(roomId);
            var boPeer = (await boTab.EnterRoomAsync(roomId)).PeerId;
            await adaTab.SignalAsync(roomId, boPeer, "offer", new { sdp = "o" });
            await boTab.NextAsync("Signal");
            await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => adaTab.EnterRoomAsync(fixture.Rooms.CreateRoom(bo.UserId)));
            await SignalingFixture.GrpcClient(host).NotifyAsync(new NotifyRequest { UserIds = { ada.UserId, bo.UserId }, Event = "NoMatch", PayloadJson = "{}" });
        }
        await Assert.ThrowsAsync<HttpRequestException>(() => TestHubClient.ConnectAsync(host.HttpUrl, ada, "https://evil.example"));
        await fixture.Matchmaking.WaitForCancellationAsync(ada.UserId);
        await fixture.Matchmaking.WaitForCancellationAsync(bo.UserId);

        var connections = measurements.Where(m => m.Instrument == "ephemchat.signaling.connections").Select(m => m.Value).ToList();
        Assert.Equal(2, connections.Count(v => v == 1));
        Assert.Equal(0, connections.Sum());
        Assert.Contains(measurements, m => m == ("ephemchat.signaling.signals.relayed", 1, "kind=offer"));
        Assert.Contains(measurements, m => m == ("ephemchat.signaling.notifications.pushed", 2, "event=NoMatch"));
        Assert.Contains(measurements, m => m == ("ephemchat.signaling.rejections", 1, "reason=not-member"));
        Assert.Contains(measurements, m => m == ("ephemchat.signaling.rejections", 1, "reason=origin"));
    }
}
