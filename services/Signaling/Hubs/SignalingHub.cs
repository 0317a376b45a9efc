using System.Text.Json;
using EphemChat.Rooms.Grpc;
using EphemChat.Signaling.Presence;
using EphemChat.Signaling.Telemetry;
using Grpc.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Signaling.Hubs;

/// <summary>
/// The one realtime channel of a browser tab (<c>/hubs/signaling</c>): it enters rooms as a peer, relays WebRTC
/// signals to other peers of the same room on any replica, and receives the events other services push.
/// Authentication, the Origin check and the per-connection rate limit happen before a method runs.
/// </summary>
public sealed class SignalingHub(
    LocalConnections connections,
    PresenceStore presence,
    PresenceDepartures departures,
    EphemChat.Rooms.Grpc.Rooms.RoomsClient rooms,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    SignalingMetrics metrics,
    ILogger<SignalingHub> logger) : Hub<ISignalingClient>
{
    /// <summary>The signal kinds relayed: the WebRTC offer/answer exchange, trickled candidates and ICE restarts.</summary>
    public static readonly IReadOnlySet<string> SignalKinds = new HashSet<string>(["offer", "answer", "candidate", "restart"], StringComparer.Ordinal);

    private readonly SignalingOptions _options = options.Value;

    /// <summary>The SignalR group of a room's peers (joined across replicas by the backplane).</summary>
    public static string GroupName(string roomId) => "room:" + roomId;

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var now = time.GetUtcNow();
        var connection = new ConnectionState(
            Context.ConnectionId,
            user.GetUserId(),
            user.GetUserName(),
            PeerIds.New(),
            new TokenBucket(_options.RateLimitBurst, _options.RateLimitPerSecond, now),
            new RecentSignalIds(_options.DuplicateSignalWindow, _options.MaxRememberedSignalIds),
            Context.Abort);
        try
        {
            await presence.ConnectAsync(connection, now);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without presence nobody could reach this connection: refuse it, the client retries.
            logger.LogWarning(ex, "Presence could not record a new connection");
            throw new HubException(HubErrors.PresenceUnavailable);
        }
        // Only now: a heartbeat that saw the connection before its entry existed would take it for swept.
        connections.Add(connection);
        metrics.ConnectionOpened();
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (!connections.TryRemove(Context.ConnectionId, out var connection) || connection is null)
        {
            return;
        }
        metrics.ConnectionClosed();
        Departure? departure;
        try
        {
            departure = await presence.DisconnectAsync(connection, time.GetUtcNow());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            // The entries expire; a sweep on a living replica announces the departure then.
            logger.LogWarning(ex, "Presence could not remove a closed connection; it will expire");
            return;
        }
        if (departure is not null)
        {
            await departures.AnnounceAsync(departure);
        }
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Enters a room this user is a member of; answers with this connection's peer id and the peers online.</summary>
    public async Task<EnterRoomResult> EnterRoom(string roomId)
    {
        var connection = Current();
        Require(PeerIds.IsValidId(roomId, _options.MaxIdLength), HubErrors.InvalidRoomId);
        var now = time.GetUtcNow();
        if (connection.IsIn(roomId) && await presence.FindPeerAsync(roomId, connection.PeerId, now) is null)
        {
            // Evicted meanwhile (the member left, or the room ended): entering again is checked like a first time.
            connection.Leave(roomId);
        }
        if (!connection.IsIn(roomId))
        {
            // Fail fast on the limit before asking rooms; TryEnter checks it again atomically below.
            if (connection.Rooms().Length >= _options.MaxRoomsPerConnection)
            {
                throw Refuse(RejectionReasons.TooManyRooms, string.Format(HubErrors.TooManyRooms, _options.MaxRoomsPerConnection));
            }
            await RequireMembershipAsync(roomId, connection.UserId);
        }

        var entry = connection.TryEnter(roomId, _options.MaxRoomsPerConnection);
        if (entry == RoomEntry.TooMany)
        {
            throw Refuse(RejectionReasons.TooManyRooms, string.Format(HubErrors.TooManyRooms, _options.MaxRoomsPerConnection));
        }

        IReadOnlyList<PeerRecord> peers;
        try
        {
            // Group first, then presence, then the list: a peer entering at the same moment is either in the list
            // or announced by PeerJoined (or both; browsers keep peers by id).
            await Groups.AddToGroupAsync(Context.ConnectionId, GroupName(roomId));
            await presence.EnterRoomAsync(connection, roomId, now);
            peers = await presence.GetPeersAsync(roomId, now);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (entry == RoomEntry.Entered)
            {
                connection.Leave(roomId);
                await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(roomId));
            }
            logger.LogWarning(ex, "Presence could not record a room entry");
            throw Refuse(RejectionReasons.Unavailable, HubErrors.PresenceUnavailable);
        }

        var self = new PeerDto(connection.PeerId, connection.UserId, connection.Name);
        if (entry == RoomEntry.Entered)
        {
            await Clients.OthersInGroup(GroupName(roomId)).PeerJoined(new PeerJoinedEvent(roomId, self));
        }
        return new EnterRoomResult(roomId, connection.PeerId,
            [.. peers.Where(p => p.PeerId != connection.PeerId).Select(p => new PeerDto(p.PeerId, p.UserId, p.Name))]);
    }

    /// <summary>Leaves a room; the other peers get <c>PeerLeft</c>. Leaving a room one is not in does nothing.</summary>
    public async Task LeaveRoom(string roomId)
    {
        var connection = Current();
        Require(PeerIds.IsValidId(roomId, _options.MaxIdLength), HubErrors.InvalidRoomId);
        if (!connection.Leave(roomId))
        {
            return;
        }
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(roomId));
        await presence.LeaveRoomAsync(connection, roomId);
        await Clients.Group(GroupName(roomId)).PeerLeft(new PeerLeftEvent(roomId, connection.PeerId));
    }

    /// <summary>
    /// Relays an offer, answer, ICE candidate or restart to one peer of a room, when both are in it. A signal id
    /// this connection already sent within <see cref="SignalingOptions.DuplicateSignalWindow"/> is dropped.
    /// </summary>
    public async Task Signal(string roomId, string toPeer, string kind, JsonElement payload, string id)
    {
        var connection = Current();
        Require(PeerIds.IsValidId(roomId, _options.MaxIdLength), HubErrors.InvalidRoomId);
        Require(PeerIds.IsValidId(toPeer, _options.MaxIdLength), HubErrors.InvalidPeerId);
        Require(IsValidSignalId(id), string.Format(HubErrors.InvalidSignalId, _options.MaxIdLength));
        Require(kind is not null && SignalKinds.Contains(kind), HubErrors.UnknownSignalKind);
        var payloadLength = payload.ValueKind == JsonValueKind.Undefined ? 0 : payload.GetRawText().Length;
        if (payloadLength > _options.MaxSignalPayloadLength)
        {
            throw Refuse(RejectionReasons.PayloadTooLarge, string.Format(HubErrors.PayloadTooLarge, _options.MaxSignalPayloadLength));
        }
        var now = time.GetUtcNow();
        if (!connection.IsIn(roomId))
        {
            throw Refuse(RejectionReasons.NotInRoom, HubErrors.NotInRoom);
        }
        // The relay's hot path: the sender still a peer (the store has the last word) and the target, in one round
        // trip to the store instead of three in a row.
        var (senderPresent, target) = await presence.FindSignalPeersAsync(roomId, connection.PeerId, toPeer, now);
        if (!senderPresent)
        {
            await LeaveEvictedRoomAsync(connection, roomId);
        }

        bool first;
        lock (connection.Gate)
        {
            first = connection.RecentSignals.TryRecord(id, now);
        }
        if (!first)
        {
            metrics.Rejected(RejectionReasons.Duplicate);
            return;
        }

        if (target is null)
        {
            throw Refuse(RejectionReasons.PeerGone, HubErrors.PeerGone);
        }
        await Clients.Client(target.ConnectionId).Signal(new SignalEvent(roomId, connection.PeerId, kind!, payload, id));
        metrics.SignalRelayed(kind!);
    }

    /// <summary>Tells the other peers of a room that this one is typing.</summary>
    public async Task Typing(string roomId)
    {
        var connection = Current();
        Require(PeerIds.IsValidId(roomId, _options.MaxIdLength), HubErrors.InvalidRoomId);
        await RequireInRoomAsync(connection, roomId, time.GetUtcNow());
        await Clients.OthersInGroup(GroupName(roomId)).Typing(new TypingEvent(roomId, connection.PeerId, connection.Name));
    }

    /// <summary>
    /// The connection entered the room and is still a peer there: the store, not this replica's memory, has the last
    /// word, because a member who left is evicted there by whichever replica heard of it.
    /// </summary>
    private async Task RequireInRoomAsync(ConnectionState connection, string roomId, DateTimeOffset now)
    {
        if (!connection.IsIn(roomId))
        {
            throw Refuse(RejectionReasons.NotInRoom, HubErrors.NotInRoom);
        }
        if (await presence.FindPeerAsync(roomId, connection.PeerId, now) is null)
        {
            await LeaveEvictedRoomAsync(connection, roomId);
        }
    }

    /// <summary>The store no longer has this connection in the room (it was evicted): forget it here too, and refuse.</summary>
    private async Task LeaveEvictedRoomAsync(ConnectionState connection, string roomId)
    {
        connection.Leave(roomId);
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupName(roomId));
        throw Refuse(RejectionReasons.NotInRoom, HubErrors.NotInRoom);
    }

    private async Task RequireMembershipAsync(string roomId, string userId)
    {
        GetMembershipReply reply;
        try
        {
            reply = await rooms.GetMembershipAsync(new GetMembershipRequest { RoomId = roomId, UserId = userId },
                cancellationToken: Context.ConnectionAborted);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            throw Refuse(RejectionReasons.NotMember, HubErrors.NotMember);
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Rooms did not answer a membership check: {Status}", ex.StatusCode);
            throw Refuse(RejectionReasons.Unavailable, HubErrors.RoomsUnavailable);
        }
        if (!reply.IsMember)
        {
            throw Refuse(RejectionReasons.NotMember, HubErrors.NotMember);
        }
    }

    private ConnectionState Current() =>
        connections.Find(Context.ConnectionId) ?? throw new HubException(HubErrors.PresenceUnavailable);

    private bool IsValidSignalId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= _options.MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');

    private void Require(bool valid, string message)
    {
        if (!valid)
        {
            throw Refuse(RejectionReasons.InvalidArgument, message);
        }
    }

    private HubException Refuse(string reason, string message)
    {
        metrics.Rejected(reason);
        return new HubException(message);
    }
}
