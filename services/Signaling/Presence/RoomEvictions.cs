using System.Text.Json;
using EphemChat.Signaling.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// Keeps the peers of a room in step with its membership. Membership is checked when a connection enters a room;
/// when rooms later pushes <c>MemberLeft</c> (left, skipped, blocked) or <c>RoomDestroyed</c>, the peers concerned
/// are taken out of the room on whichever replica holds them, so they can no longer signal or type there.
/// </summary>
public sealed class RoomEvictions(
    PresenceStore presence,
    IHubContext<SignalingHub, ISignalingClient> hub,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    ILogger<RoomEvictions> logger)
{
    public const string MemberLeft = "MemberLeft";
    public const string RoomDestroyed = "RoomDestroyed";

    /// <summary>Applies what a pushed event says about membership; other events change nothing.</summary>
    public async Task ApplyAsync(string eventName, JsonElement payload)
    {
        if (eventName is not (MemberLeft or RoomDestroyed)
            || Text(payload, "roomId") is not { } roomId
            || !PeerIds.IsValidId(roomId, options.Value.MaxIdLength))
        {
            return;
        }
        var memberId = eventName == MemberLeft ? Text(payload, "memberId") : null;
        if (eventName == MemberLeft && memberId is null)
        {
            return;
        }

        try
        {
            var peers = await presence.GetPeersAsync(roomId, time.GetUtcNow());
            await Task.WhenAll(peers.Where(p => memberId is null || p.UserId == memberId).Select(peer => EvictAsync(roomId, peer, announce: memberId is not null)));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Peers of a room could not be evicted after {Event}", eventName);
        }
    }

    private async Task EvictAsync(string roomId, PeerRecord peer, bool announce)
    {
        await presence.RemovePeerAsync(roomId, peer.PeerId, peer.ConnectionId);
        var group = SignalingHub.GroupName(roomId);
        try
        {
            // Through the backplane when the connection is on another replica (it acknowledges).
            await hub.Groups.RemoveFromGroupAsync(peer.ConnectionId, group);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or OperationCanceledException)
        {
            logger.LogInformation("A peer's connection had gone before it could leave its group: {Error}", ex.GetType().Name);
        }
        if (announce)
        {
            await hub.Clients.Group(group).PeerLeft(new PeerLeftEvent(roomId, peer.PeerId));
        }
    }

    private static string? Text(JsonElement payload, string property) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
