using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Rooms.Enclaves;

/// <summary>
/// Rooms in the store. Key layout (every key carries a TTL):
/// <list type="bullet">
/// <item><c>rooms:{id}</c> hash: kind, origin, capacity, creatorId, invite, inviteHash, createdAt, lastActivityAt,
/// expiresAt (ms), slideMs (0 for a private room: it never slides), seq (last dispatch number).</item>
/// <item><c>rooms:{id}:members</c> hash: user id → <c>"{joinedAtMs}|{name}"</c>.</item>
/// <item><c>rooms:{id}:dispatches</c> hash: dispatch id → envelope JSON (sender id, ciphertext, iv, postedAt).</item>
/// <item><c>rooms:{id}:dispatch-ids</c> sorted set: dispatch id by seq (order, idempotency, the 500 cap).</item>
/// <item><c>rooms:deadlines</c> sorted set: room id by expiresAt; the sweeper's work list.</item>
/// <item><c>rooms:notices</c> sorted set: room id by the time of its "one minute left" notice.</item>
/// <item><c>rooms:user:{userId}</c> sorted set: the rooms of one person ("My enclaves") by join time.</item>
/// </list>
/// The four keys of a room expire together at its deadline plus <see cref="RoomsOptions.StoreGracePeriod"/>; the
/// deadline itself is judged with <see cref="TimeProvider"/> against the stored <c>expiresAt</c>, the TTL is the
/// backstop. The shared sets and the user indexes get the longest lifetime on every write. Every change runs in one
/// Lua script (<see cref="RoomScripts"/>) over all the keys it touches.
/// </summary>
public sealed class RoomStore(IConnectionMultiplexer redis, IOptions<RoomsOptions> options, TimeProvider time)
{
    /// <summary>Up to this capacity any member may destroy a room; above it only the creator.</summary>
    public const int PairCapacity = 2;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly RoomsOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    internal static RedisKey RoomKey(string id) => $"rooms:{id}";

    internal static RedisKey MembersKey(string id) => $"rooms:{id}:members";

    internal static RedisKey DispatchesKey(string id) => $"rooms:{id}:dispatches";

    internal static RedisKey DispatchIdsKey(string id) => $"rooms:{id}:dispatch-ids";

    internal static readonly RedisKey DeadlinesKey = "rooms:deadlines";

    internal static readonly RedisKey NoticesKey = "rooms:notices";

    internal static RedisKey UserRoomsKey(string userId) => $"rooms:user:{userId}";

    /// <summary>Creates a room with its first members; null with <see cref="RoomError.TooManyRooms"/> when one is in too many.</summary>
    public async Task<(Room? Room, RoomError Error)> CreateAsync(NewRoom spec, bool limitRoomsPerUser)
    {
        var now = time.GetUtcNow();
        var id = RoomSecrets.NewRoomId();
        var invite = RoomSecrets.NewInvite();
        var expiresAt = now + spec.Lifetime;
        RedisValue[] fields =
        [
            "kind", spec.Kind,
            "origin", spec.Origin,
            "capacity", spec.Capacity,
            "creatorId", spec.CreatorId ?? "",
            "invite", invite,
            "inviteHash", RoomSecrets.InviteHash(invite),
            "createdAt", Ms(now),
            "lastActivityAt", Ms(now),
            "expiresAt", Ms(expiresAt),
            "slideMs", spec.Slides ? (long)spec.Lifetime.TotalMilliseconds : 0,
            "seq", 0,
        ];
        RedisValue[] args =
        [
            .. Common(id, now),
            Ms(expiresAt),
            limitRoomsPerUser ? _options.MaxRoomsPerUser : 0,
            fields.Length,
            .. fields,
            .. spec.Members.SelectMany(m => new RedisValue[] { m.UserId, MemberValue(now, m.Name) }),
        ];
        var reply = await RunAsync(RoomScripts.Create, Keys(id, spec.Members.Select(m => m.UserId)), args);
        return Status(reply) switch
        {
            201 => (new Room(id, spec.Kind, spec.Origin, spec.Capacity, spec.CreatorId, invite,
                spec.Members.Select(m => new RoomMember(m.UserId, m.Name, Truncate(now))).ToList(),
                Truncate(now), Truncate(now), Truncate(expiresAt)), RoomError.None),
            429 => (null, RoomError.TooManyRooms),
            var status => throw new InvalidOperationException($"Unexpected create status {status}."),
        };
    }

    /// <summary>The live room with this id, or null (unknown, ill-formed id, or past its deadline).</summary>
    public async Task<Room?> FindAsync(string id)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return null;
        }
        var roomTask = Db.HashGetAllAsync(RoomKey(id));
        var membersTask = Db.HashGetAllAsync(MembersKey(id));
        var fields = await roomTask;
        var members = await membersTask;
        if (fields.Length == 0)
        {
            return null;
        }
        var room = Parse(id, fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString()), members);
        return room.ExpiresAt > time.GetUtcNow() ? room : null;
    }

    /// <summary>The live room if <paramref name="userId"/> is a member of it, else null.</summary>
    public async Task<Room?> FindForMemberAsync(string id, string userId)
    {
        var room = await FindAsync(id);
        return room is not null && room.HasMember(userId) ? room : null;
    }

    /// <summary>The ids in a person's index (some may have ended; readers check each).</summary>
    public async Task<IReadOnlyList<string>> RoomIdsOfUserAsync(string userId) =>
        (await Db.SortedSetRangeByRankAsync(UserRoomsKey(userId))).Select(v => v.ToString()).ToList();

    /// <summary>The live rooms a person is in, most recent activity first; ended entries are dropped from the index.</summary>
    public async Task<IReadOnlyList<Room>> ListForUserAsync(string userId)
    {
        var ids = await RoomIdsOfUserAsync(userId);
        var rooms = await Task.WhenAll(ids.Select(FindAsync));
        var stale = ids.Where((id, i) => rooms[i] is not { } room || !room.HasMember(userId)).Select(id => (RedisValue)id).ToArray();
        if (stale.Length > 0)
        {
            await Db.SortedSetRemoveAsync(UserRoomsKey(userId), stale);
        }
        return rooms.OfType<Room>().Where(r => r.HasMember(userId)).OrderByDescending(r => r.LastActivityAt).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>Adds a member when the invite matches and there is room; idempotent for members.</summary>
    public async Task<JoinResult> JoinAsync(string id, string userId, string name, string invite, bool limitRoomsPerUser)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return new JoinResult(RoomError.NotFound);
        }
        var others = (await MemberIdsAsync(id)).Where(m => m != userId).ToArray();
        var now = time.GetUtcNow();
        var reply = await RunAsync(RoomScripts.Join, Keys(id, [userId, .. others]),
        [
            .. Common(id, now), userId, MemberValue(now, name), RoomSecrets.InviteHash(invite), limitRoomsPerUser ? _options.MaxRoomsPerUser : 0,
            .. others.Select(m => (RedisValue)m),
        ]);
        return Status(reply) switch
        {
            200 => new JoinResult(RoomError.None, (int)reply[1] == 1),
            404 => new JoinResult(RoomError.NotFound),
            403 => new JoinResult(RoomError.WrongInvite),
            409 => new JoinResult(RoomError.Full),
            429 => new JoinResult(RoomError.TooManyRooms),
            var status => throw new InvalidOperationException($"Unexpected join status {status}."),
        };
    }

    /// <summary>Removes a member; the last one out deletes every key of the room.</summary>
    public async Task<LeaveResult> LeaveAsync(string id, string userId)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return new LeaveResult(RoomError.NotFound);
        }
        var reply = await RunAsync(RoomScripts.Leave, Keys(id, [userId]), [.. Common(id, time.GetUtcNow()), userId]);
        return Status(reply) switch
        {
            204 => new LeaveResult(RoomError.None, (int)reply[1] == 1, Strings(reply, 2)),
            404 => new LeaveResult(RoomError.NotFound),
            var status => throw new InvalidOperationException($"Unexpected leave status {status}."),
        };
    }

    /// <summary>Destroy now: deletes every key of the room at once when <paramref name="actorId"/> may do so.</summary>
    public Task<DeleteResult> DestroyAsync(string id, string actorId) => DeleteAsync(id, "destroy", actorId);

    /// <summary>Deletes the room if its deadline has passed; only one caller (of any replica) gets the members.</summary>
    public Task<DeleteResult> ExpireAsync(string id) => DeleteAsync(id, "expire", "");

    /// <summary>Stores an envelope once per dispatch id, dropping the oldest beyond the cap.</summary>
    public async Task<PostResult> PostDispatchAsync(string id, string senderId, string dispatchId, string ciphertext, string iv)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return new PostResult(RoomError.NotFound);
        }
        var now = time.GetUtcNow();
        var memberIds = await MemberIdsAsync(id);
        var stored = JsonSerializer.Serialize(new StoredEnvelope(senderId, ciphertext, iv, Ms(now)), s_json);
        var reply = await RunAsync(RoomScripts.Post, Keys(id, memberIds),
            [.. Common(id, now), senderId, dispatchId, stored, _options.MaxDispatchesPerRoom, .. memberIds.Select(m => (RedisValue)m)]);
        var status = Status(reply);
        if (status == 404)
        {
            return new PostResult(RoomError.NotFound);
        }
        if (status is not (200 or 201))
        {
            throw new InvalidOperationException($"Unexpected post status {status}.");
        }
        var dispatch = ToDispatch(dispatchId, (long)reply[1], reply[2].ToString());
        return new PostResult(RoomError.None, status == 201, dispatch, Strings(reply, 3));
    }

    /// <summary>Dispatches after <paramref name="after"/>, oldest first; null when the room is unknown to the reader.</summary>
    public async Task<DispatchPage?> ReadDispatchesAsync(string id, string userId, long after, int limit)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return null;
        }
        var reply = await RunAsync(RoomScripts.Read, Keys(id, []), [.. Common(id, time.GetUtcNow()), userId, after, limit]);
        if (Status(reply) != 200)
        {
            return null;
        }
        var items = new List<Dispatch>();
        for (var i = 1; i + 2 < reply.Length; i += 3)
        {
            items.Add(ToDispatch(reply[i].ToString(), long.Parse(reply[i + 1].ToString(), CultureInfo.InvariantCulture), reply[i + 2].ToString()));
        }
        return new DispatchPage(items, items.Count > 0 ? items[^1].Seq : after);
    }

    /// <summary>A new invite; the old one stops working at once. Creator only.</summary>
    public async Task<(string? Invite, RoomError Error)> RotateInviteAsync(string id, string actorId)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return (null, RoomError.NotFound);
        }
        var invite = RoomSecrets.NewInvite();
        var reply = await RunAsync(RoomScripts.Rotate, Keys(id, []),
            [.. Common(id, time.GetUtcNow()), actorId, invite, RoomSecrets.InviteHash(invite)]);
        return Status(reply) switch
        {
            200 => (invite, RoomError.None),
            403 => (null, RoomError.Forbidden),
            404 => (null, RoomError.NotFound),
            var status => throw new InvalidOperationException($"Unexpected rotate status {status}."),
        };
    }

    /// <summary>Rooms whose deadline has passed, oldest first.</summary>
    public async Task<IReadOnlyList<string>> DueRoomsAsync(int batch) =>
        (await Db.SortedSetRangeByScoreAsync(DeadlinesKey, double.NegativeInfinity, Ms(time.GetUtcNow()), take: batch))
            .Select(v => v.ToString()).ToList();

    /// <summary>Rooms whose "one minute left" notice is due.</summary>
    public async Task<IReadOnlyList<string>> DueNoticesAsync(int batch) =>
        (await Db.SortedSetRangeByScoreAsync(NoticesKey, double.NegativeInfinity, Ms(time.GetUtcNow()), take: batch))
            .Select(v => v.ToString()).ToList();

    /// <summary>Claims a room's notice; null when another replica did, or it is not due (it slid), or the room ended.</summary>
    public async Task<NoticeClaim?> ClaimNoticeAsync(string id)
    {
        var reply = await RunAsync(RoomScripts.ClaimNotice, Keys(id, []), Common(id, time.GetUtcNow()));
        return Status(reply) == 1
            ? new NoticeClaim(DateTimeOffset.FromUnixTimeMilliseconds((long)reply[1]), Strings(reply, 2))
            : null;
    }

    /// <summary>Drops a person's index (after they left every room).</summary>
    public Task ForgetUserAsync(string userId) => Db.KeyDeleteAsync(UserRoomsKey(userId));

    private async Task<DeleteResult> DeleteAsync(string id, string mode, string actorId)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return new DeleteResult(RoomError.NotFound);
        }
        var memberIds = await MemberIdsAsync(id);
        var reply = await RunAsync(RoomScripts.Delete, Keys(id, memberIds), [.. Common(id, time.GetUtcNow()), mode, actorId, PairCapacity]);
        return Status(reply) switch
        {
            200 => new DeleteResult(RoomError.None, Strings(reply, 1)),
            0 or 404 => new DeleteResult(RoomError.NotFound),
            403 => new DeleteResult(RoomError.Forbidden),
            var status => throw new InvalidOperationException($"Unexpected delete status {status}."),
        };
    }

    private async Task<string[]> MemberIdsAsync(string id) =>
        (await Db.HashKeysAsync(MembersKey(id))).Select(v => v.ToString()).ToArray();

    private async Task<RedisResult[]> RunAsync(string script, RedisKey[] keys, RedisValue[] args) =>
        (RedisResult[])(await Db.ScriptEvaluateAsync(script, keys, args))!;

    private static RedisKey[] Keys(string id, IEnumerable<string> userIds) =>
        [RoomKey(id), MembersKey(id), DispatchesKey(id), DispatchIdsKey(id), DeadlinesKey, NoticesKey, .. userIds.Select(UserRoomsKey)];

    private RedisValue[] Common(string id, DateTimeOffset now) =>
    [
        id,
        Ms(now),
        (long)_options.StoreGracePeriod.TotalMilliseconds,
        (long)_options.ExpiringNotice.TotalMilliseconds,
        (long)_options.LongestLifetime.TotalMilliseconds,
        (long)_options.LongestLifetime.TotalMilliseconds,
    ];

    private static int Status(RedisResult[] reply) => (int)reply[0];

    private static string[] Strings(RedisResult[] reply, int from) => reply.Skip(from).Select(r => r.ToString()).ToArray();

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static DateTimeOffset Truncate(DateTimeOffset t) => DateTimeOffset.FromUnixTimeMilliseconds(Ms(t));

    private static DateTimeOffset FromMs(string? value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(value, CultureInfo.InvariantCulture, out var ms) ? ms : 0);

    private static string MemberValue(DateTimeOffset joinedAt, string name) => $"{Ms(joinedAt)}|{name}";

    private static Room Parse(string id, Dictionary<string, string> f, HashEntry[] members) => new(
        id,
        f.GetValueOrDefault("kind", ""),
        f.GetValueOrDefault("origin", ""),
        int.TryParse(f.GetValueOrDefault("capacity"), CultureInfo.InvariantCulture, out var capacity) ? capacity : 0,
        f.GetValueOrDefault("creatorId") is { Length: > 0 } creator ? creator : null,
        f.GetValueOrDefault("invite", ""),
        members.Select(ParseMember).OrderBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal).ToList(),
        FromMs(f.GetValueOrDefault("createdAt")),
        FromMs(f.GetValueOrDefault("lastActivityAt")),
        FromMs(f.GetValueOrDefault("expiresAt")));

    private static RoomMember ParseMember(HashEntry entry)
    {
        var value = entry.Value.ToString();
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar < 0
            ? new RoomMember(entry.Name.ToString(), value, DateTimeOffset.UnixEpoch)
            : new RoomMember(entry.Name.ToString(), value[(bar + 1)..], FromMs(value[..bar]));
    }

    private static Dispatch ToDispatch(string dispatchId, long seq, string stored)
    {
        var envelope = JsonSerializer.Deserialize<StoredEnvelope>(stored, s_json)
            ?? throw new InvalidOperationException("A stored envelope is empty.");
        return new Dispatch(dispatchId, seq, envelope.SenderId, envelope.Ciphertext, envelope.Iv,
            DateTimeOffset.FromUnixTimeMilliseconds(envelope.PostedAt));
    }

    /// <summary>The stored form of an envelope: the sender's user id and nothing about their session.</summary>
    private sealed record StoredEnvelope(string SenderId, string Ciphertext, string Iv, long PostedAt);
}
