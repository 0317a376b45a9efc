using System.Text.Json;
using EphemChat.Signaling.Hubs;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Signaling.Presence;

/// <summary>A peer as presence knows it: where its connection is and who is behind it.</summary>
public sealed record PeerRecord(string PeerId, string UserId, string Name, string ConnectionId);

/// <summary>A connection that went away (closed, or expired on a dead replica) and what it leaves behind.</summary>
public sealed record Departure(string ConnectionId, string UserId, string PeerId, string[] Rooms, bool UserStillOnline);

/// <summary>
/// Presence in the store, shared by every replica. Each entry is scored with the time it stops counting: its replica
/// pushes that time forward every heartbeat, readers ignore entries whose time has passed, and a sweep on the living
/// replicas removes the entries of a replica that died. Every key also carries a TTL of two timeouts, so nothing
/// outlives the replicas that wrote it.
/// </summary>
/// <remarks>
/// Keys (prefix <c>signaling:presence:</c>): <c>connections</c> (sorted set of every connection, the sweep's index),
/// <c>connection:{id}</c> (hash: user, name, peer, one field per room), <c>user:{id}</c> (sorted set of the user's
/// connections), <c>room:{id}</c> (sorted set of peer ids) and <c>room:{id}:peers</c> (hash peer id → peer).
/// </remarks>
public sealed class PresenceStore(IConnectionMultiplexer redis, SignalRoutes routes, IOptions<SignalingOptions> options)
{
    private const string Prefix = "signaling:presence:";
    private const string RoomFieldPrefix = "room:";
    private static readonly RedisKey s_indexKey = Prefix + "connections";

    private readonly SignalingOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    private TimeSpan KeyLifetime => _options.PresenceTimeout * 2;

    /// <summary>Records a new connection of this replica.</summary>
    public async Task ConnectAsync(ConnectionState connection, DateTimeOffset now)
    {
        var expires = ExpiryScore(now);
        var connectionKey = ConnectionKey(connection.ConnectionId);
        var userKey = UserKey(connection.UserId);
        var batch = Db.CreateBatch();
        Task[] tasks =
        [
            batch.HashSetAsync(connectionKey,
            [
                new HashEntry("user", connection.UserId),
                new HashEntry("name", connection.Name),
                new HashEntry("peer", connection.PeerId),
            ]),
            batch.KeyExpireAsync(connectionKey, KeyLifetime),
            batch.SortedSetAddAsync(userKey, connection.ConnectionId, expires),
            batch.KeyExpireAsync(userKey, KeyLifetime),
            // The index last: the sweep must never find a connection whose details are not written yet.
            batch.SortedSetAddAsync(s_indexKey, connection.ConnectionId, expires),
            batch.KeyExpireAsync(s_indexKey, KeyLifetime),
        ];
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    /// <summary>Makes the connection a peer of the room.</summary>
    public async Task EnterRoomAsync(ConnectionState connection, string roomId, DateTimeOffset now)
    {
        var roomKey = RoomKey(roomId);
        var peersKey = RoomPeersKey(roomId);
        var connectionKey = ConnectionKey(connection.ConnectionId);
        var peer = JsonSerializer.Serialize(new StoredPeer(connection.UserId, connection.Name, connection.ConnectionId));
        var batch = Db.CreateBatch();
        Task[] tasks =
        [
            batch.HashSetAsync(peersKey, connection.PeerId, peer),
            batch.KeyExpireAsync(peersKey, KeyLifetime),
            batch.SortedSetAddAsync(roomKey, connection.PeerId, ExpiryScore(now)),
            batch.KeyExpireAsync(roomKey, KeyLifetime),
            batch.HashSetAsync(connectionKey, RoomFieldPrefix + roomId, "1"),
        ];
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    /// <summary>Removes the connection's peer from the room.</summary>
    public Task LeaveRoomAsync(ConnectionState connection, string roomId) => RemovePeerAsync(roomId, connection.PeerId, connection.ConnectionId);

    /// <summary>Removes a peer from a room, whichever replica holds its connection.</summary>
    public async Task RemovePeerAsync(string roomId, string peerId, string connectionId)
    {
        routes.ForgetRoom(roomId);
        var batch = Db.CreateBatch();
        Task[] tasks =
        [
            batch.SortedSetRemoveAsync(RoomKey(roomId), peerId),
            batch.HashDeleteAsync(RoomPeersKey(roomId), peerId),
            batch.HashDeleteAsync(ConnectionKey(connectionId), RoomFieldPrefix + roomId),
            // Every replica forgets the room's relay routes (SignalRouteInvalidations).
            batch.PublishAsync(SignalRouteInvalidations.Channel, roomId),
        ];
        batch.Execute();
        await Task.WhenAll(tasks);
    }

    /// <summary>The live peers of a room, on any replica.</summary>
    public async Task<IReadOnlyList<PeerRecord>> GetPeersAsync(string roomId, DateTimeOffset now)
    {
        var live = await Db.SortedSetRangeByScoreAsync(RoomKey(roomId), Score(now), double.PositiveInfinity, Exclude.Start);
        if (live.Length == 0)
        {
            return [];
        }
        var details = await Db.HashGetAsync(RoomPeersKey(roomId), live);
        var peers = new List<PeerRecord>(live.Length);
        for (var i = 0; i < live.Length; i++)
        {
            if (Parse(live[i]!, details[i]) is { } peer)
            {
                peers.Add(peer);
            }
        }
        return peers;
    }

    /// <summary>A live peer of the room, or null.</summary>
    public async Task<PeerRecord?> FindPeerAsync(string roomId, string peerId, DateTimeOffset now)
    {
        var score = await Db.SortedSetScoreAsync(RoomKey(roomId), peerId);
        if (score is not { } expires || expires <= Score(now))
        {
            return null;
        }
        return Parse(peerId, await Db.HashGetAsync(RoomPeersKey(roomId), peerId));
    }

    /// <summary>
    /// What relaying a signal needs: whether the sender is still a live peer of the room, and the live target peer, or
    /// null. Same answers as two calls of <see cref="FindPeerAsync"/>, read in one round trip (the three reads
    /// pipelined in one batch), or from <see cref="SignalRoutes"/> when the store found both within its lifetime.
    /// </summary>
    public async Task<(bool SenderPresent, PeerRecord? Target)> FindSignalPeersAsync(string roomId, string senderPeerId, string targetPeerId, DateTimeOffset now)
    {
        if (routes.Find(roomId, senderPeerId, targetPeerId, now) is { } remembered)
        {
            return (true, remembered);
        }
        var generation = routes.Generation;
        var roomKey = RoomKey(roomId);
        var batch = Db.CreateBatch();
        var sender = batch.SortedSetScoreAsync(roomKey, senderPeerId);
        var target = batch.SortedSetScoreAsync(roomKey, targetPeerId);
        var details = batch.HashGetAsync(RoomPeersKey(roomId), targetPeerId);
        batch.Execute();
        await Task.WhenAll(sender, target, details);
        var live = Score(now);
        var senderPresent = sender.Result > live;
        var found = target.Result > live ? Parse(targetPeerId, details.Result) : null;
        if (senderPresent && found is not null)
        {
            var presenceEnds = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(sender.Result!.Value, target.Result!.Value));
            routes.Remember(roomId, senderPeerId, found, now, presenceEnds, generation);
        }
        return (senderPresent, found);
    }

    /// <summary>
    /// Pushes the expiry of this replica's connections forward. Returns the connections that are no longer in the
    /// index: another replica swept them (this one was too slow to refresh), so everyone already saw them leave.
    /// </summary>
    public async Task<IReadOnlyList<ConnectionState>> RefreshAsync(IReadOnlyCollection<ConnectionState> connections, DateTimeOffset now)
    {
        if (connections.Count == 0)
        {
            return [];
        }
        var expires = ExpiryScore(now);
        var db = Db;

        // First the index, only where the entry still exists: a swept connection must not come back to life.
        var batch = db.CreateBatch();
        var updates = connections.Select(c => (Connection: c, Updated: batch.SortedSetUpdateAsync(s_indexKey, c.ConnectionId, expires, SortedSetWhen.Exists))).ToList();
        var indexExpiry = batch.KeyExpireAsync(s_indexKey, KeyLifetime);
        batch.Execute();
        await Task.WhenAll(updates.Select(u => (Task)u.Updated).Append(indexExpiry));

        var swept = new List<ConnectionState>();
        var alive = new List<ConnectionState>();
        foreach (var (connection, updated) in updates)
        {
            // ZADD XX CH answers 0 both for "absent" and for "same score": ask again to tell them apart.
            if (updated.Result || await db.SortedSetScoreAsync(s_indexKey, connection.ConnectionId) is not null)
            {
                alive.Add(connection);
            }
            else
            {
                swept.Add(connection);
            }
        }

        batch = db.CreateBatch();
        var tasks = new List<Task>();
        foreach (var connection in alive)
        {
            var userKey = UserKey(connection.UserId);
            tasks.Add(batch.KeyExpireAsync(ConnectionKey(connection.ConnectionId), KeyLifetime));
            tasks.Add(batch.SortedSetAddAsync(userKey, connection.ConnectionId, expires));
            tasks.Add(batch.KeyExpireAsync(userKey, KeyLifetime));
            foreach (var roomId in connection.Rooms())
            {
                tasks.Add(batch.SortedSetUpdateAsync(RoomKey(roomId), connection.PeerId, expires, SortedSetWhen.Exists));
                tasks.Add(batch.KeyExpireAsync(RoomKey(roomId), KeyLifetime));
                tasks.Add(batch.KeyExpireAsync(RoomPeersKey(roomId), KeyLifetime));
            }
        }
        batch.Execute();
        await Task.WhenAll(tasks);
        return swept;
    }

    /// <summary>
    /// Takes expired connections out of the index. Removing is the claim: when several replicas sweep at once,
    /// each expired connection is removed, and so handled, by exactly one of them.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClaimExpiredAsync(DateTimeOffset now, int limit)
    {
        var db = Db;
        var expired = await db.SortedSetRangeByScoreAsync(s_indexKey, double.NegativeInfinity, Score(now), take: limit);
        var claimed = new List<string>();
        foreach (var connectionId in expired)
        {
            if (await db.SortedSetRemoveAsync(s_indexKey, connectionId))
            {
                claimed.Add(connectionId!);
            }
        }
        return claimed;
    }

    /// <summary>
    /// Removes a connection that closed on this replica. Null when there is nothing left to do: a sweep already
    /// removed it (this replica was too slow to refresh it).
    /// </summary>
    public async Task<Departure?> DisconnectAsync(ConnectionState connection, DateTimeOffset now)
    {
        if (!await Db.SortedSetRemoveAsync(s_indexKey, connection.ConnectionId))
        {
            return null;
        }
        return await RemoveClaimedAsync(connection.ConnectionId, now, connection);
    }

    /// <summary>
    /// Removes what is left of a connection already taken out of the index: its rooms, its place among the user's
    /// connections and its details. <paramref name="known"/> is used when the details have already expired.
    /// </summary>
    public async Task<Departure?> RemoveClaimedAsync(string connectionId, DateTimeOffset now, ConnectionState? known = null)
    {
        var db = Db;
        var connectionKey = ConnectionKey(connectionId);
        var fields = await db.HashGetAllAsync(connectionKey);
        var userId = (string?)fields.FirstOrDefault(f => f.Name == "user").Value ?? known?.UserId;
        var peerId = (string?)fields.FirstOrDefault(f => f.Name == "peer").Value ?? known?.PeerId;
        if (userId is null || peerId is null)
        {
            return null;
        }
        var rooms = fields
            .Select(f => (string)f.Name!)
            .Where(name => name.StartsWith(RoomFieldPrefix, StringComparison.Ordinal))
            .Select(name => name[RoomFieldPrefix.Length..])
            .Union(known?.Rooms() ?? [])
            .ToArray();
        foreach (var roomId in rooms)
        {
            routes.ForgetRoom(roomId);
        }

        var batch = db.CreateBatch();
        var tasks = new List<Task>();
        foreach (var roomId in rooms)
        {
            tasks.Add(batch.SortedSetRemoveAsync(RoomKey(roomId), peerId));
            tasks.Add(batch.HashDeleteAsync(RoomPeersKey(roomId), peerId));
            tasks.Add(batch.PublishAsync(SignalRouteInvalidations.Channel, roomId));
        }
        tasks.Add(batch.SortedSetRemoveAsync(UserKey(userId), connectionId));
        tasks.Add(batch.KeyDeleteAsync(connectionKey));
        var remaining = batch.SortedSetLengthAsync(UserKey(userId), Score(now), double.PositiveInfinity, Exclude.Start);
        tasks.Add(remaining);
        batch.Execute();
        await Task.WhenAll(tasks);
        return new Departure(connectionId, userId, peerId, rooms, remaining.Result > 0);
    }

    /// <summary>Which of these users have at least one live connection, on any replica.</summary>
    public async Task<IReadOnlyList<string>> GetOnlineUsersAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now)
    {
        var counts = await CountPerUserAsync(userIds, now);
        return [.. counts.Where(c => c.Count > 0).Select(c => c.UserId)];
    }

    /// <summary>The number of live connections of these users, on any replica.</summary>
    public async Task<long> CountConnectionsAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now) =>
        (await CountPerUserAsync(userIds, now)).Sum(c => c.Count);

    private async Task<(string UserId, long Count)[]> CountPerUserAsync(IReadOnlyCollection<string> userIds, DateTimeOffset now)
    {
        var min = Score(now);
        var batch = Db.CreateBatch();
        var counts = userIds.Distinct(StringComparer.Ordinal)
            .Select(id => (Id: id, Count: batch.SortedSetLengthAsync(UserKey(id), min, double.PositiveInfinity, Exclude.Start)))
            .ToList();
        batch.Execute();
        await Task.WhenAll(counts.Select(c => c.Count));
        return [.. counts.Select(c => (c.Id, c.Count.Result))];
    }

    private double ExpiryScore(DateTimeOffset now) => Score(now + _options.PresenceTimeout);

    private static double Score(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static PeerRecord? Parse(string peerId, RedisValue stored)
    {
        if (stored.IsNullOrEmpty)
        {
            return null;
        }
        var peer = JsonSerializer.Deserialize<StoredPeer>((string)stored!);
        return peer is null ? null : new PeerRecord(peerId, peer.UserId, peer.Name, peer.ConnectionId);
    }

    private static RedisKey ConnectionKey(string connectionId) => Prefix + "connection:" + connectionId;

    private static RedisKey UserKey(string userId) => Prefix + "user:" + userId;

    private static RedisKey RoomKey(string roomId) => Prefix + "room:" + roomId;

    private static RedisKey RoomPeersKey(string roomId) => Prefix + "room:" + roomId + ":peers";

    private sealed record StoredPeer(string UserId, string Name, string ConnectionId);
}
