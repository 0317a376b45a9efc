namespace EphemChat.Rooms.Enclaves;

/// <summary>
/// The Lua scripts behind every change to a room. Garnet (<c>--lua --lua-transaction-mode</c>) and Redis run a script
/// atomically, Garnet only over the keys named in <c>KEYS[]</c>, so every script receives every key it touches:
/// <c>KEYS[1..6]</c> = room, members, dispatches, dispatch-ids, deadlines, notices; <c>KEYS[7..]</c> = per-user room
/// indexes. <c>ARGV[1..6]</c> = room id, now (ms), grace (ms), notice (ms), TTL of the shared sets (ms), TTL of a user
/// index (ms); each script's own arguments follow. Every script answers a table whose first element is a status.
/// </summary>
internal static class RoomScripts
{
    private const string Prelude = """
        local unpack = table.unpack or unpack
        local room, members, dispatches, dispatchIds, deadlines, notices = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
        local roomId, now, grace, noticeMs, setsTtl, indexTtl =
          ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

        local function expires_at()
          local e = redis.call('HGET', room, 'expiresAt')
          if not e then return nil end
          return tonumber(e)
        end

        local function is_live()
          local e = expires_at()
          return e ~= nil and e > now
        end

        -- Every key of the room shares its deadline (plus the grace) and goes with it.
        local function expire_keys(e)
          local ttl = e - now + grace
          for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
        end

        local function schedule(e)
          redis.call('ZADD', deadlines, e, roomId)
          redis.call('ZADD', notices, e - noticeMs, roomId)
          redis.call('PEXPIRE', deadlines, setsTtl)
          redis.call('PEXPIRE', notices, setsTtl)
        end

        -- Activity: an enclave slides (slideMs > 0), a private room keeps its fixed end.
        local function touch()
          local slide = tonumber(redis.call('HGET', room, 'slideMs') or '0')
          local e = expires_at()
          redis.call('HSET', room, 'lastActivityAt', now)
          if slide > 0 then
            e = now + slide
            redis.call('HSET', room, 'expiresAt', e)
            schedule(e)
          end
          expire_keys(e)
        end

        -- An enclave that slid must stay in every member's "My enclaves": the members' indexes (KEYS[first..], their
        -- ids in ARGV[firstArg..]) live at least as long as the room.
        local function extend_indexes(first, firstArg)
          for i = firstArg, #ARGV do
            if redis.call('HEXISTS', members, ARGV[i]) == 1 then
              redis.call('PEXPIRE', KEYS[first + i - firstArg], indexTtl)
            end
          end
        end

        local function delete_room()
          local ids = redis.call('HKEYS', members)
          redis.call('DEL', room, members, dispatches, dispatchIds)
          redis.call('ZREM', deadlines, roomId)
          redis.call('ZREM', notices, roomId)
          for i = 7, #KEYS do redis.call('ZREM', KEYS[i], roomId) end
          return ids
        end

        """;

    /// <summary>ARGV 7 expiresAt, 8 max rooms per user (0 = none), 9 n, then n room fields and values, then
    /// (user id, member value) per index key. 201, 409 (id taken), 429 (a member has too many rooms).</summary>
    public const string Create = Prelude + """
        if redis.call('EXISTS', room) == 1 then return {409} end
        local maxRooms = tonumber(ARGV[8])
        if maxRooms > 0 then
          for i = 7, #KEYS do
            if redis.call('ZCARD', KEYS[i]) >= maxRooms then return {429} end
          end
        end
        local n = tonumber(ARGV[9])
        local fields = {}
        for i = 10, 9 + n do fields[#fields + 1] = ARGV[i] end
        redis.call('HSET', room, unpack(fields))
        local m = 10 + n
        for i = 7, #KEYS do
          redis.call('HSET', members, ARGV[m], ARGV[m + 1])
          redis.call('ZADD', KEYS[i], now, roomId)
          redis.call('PEXPIRE', KEYS[i], indexTtl)
          m = m + 2
        end
        local e = tonumber(ARGV[7])
        schedule(e)
        expire_keys(e)
        return {201}
        """;

    /// <summary>KEYS 7 the joiner's index, 8.. the other members' indexes in the order of ARGV 11..; ARGV 7 user id,
    /// 8 member value, 9 invite hash, 10 max rooms per user, 11.. member ids.
    /// {200, added 0|1}, 404, 403 (wrong invite), 409 (full), 429 (too many rooms).</summary>
    public const string Join = Prelude + """
        if not is_live() then return {404} end
        if redis.call('HEXISTS', members, ARGV[7]) == 1 then return {200, 0} end
        if redis.call('HGET', room, 'inviteHash') ~= ARGV[9] then return {403} end
        if redis.call('HLEN', members) >= tonumber(redis.call('HGET', room, 'capacity')) then return {409} end
        local maxRooms = tonumber(ARGV[10])
        if maxRooms > 0 and redis.call('ZCARD', KEYS[7]) >= maxRooms then return {429} end
        redis.call('HSET', members, ARGV[7], ARGV[8])
        redis.call('ZADD', KEYS[7], now, roomId)
        redis.call('PEXPIRE', KEYS[7], indexTtl)
        touch()
        extend_indexes(8, 11)
        return {200, 1}
        """;

    /// <summary>KEYS 7 the leaver's index; ARGV 7 user id. {204, deleted 0|1, remaining ids...} or 404.</summary>
    public const string Leave = Prelude + """
        if not is_live() then return {404} end
        if redis.call('HDEL', members, ARGV[7]) == 0 then return {404} end
        redis.call('ZREM', KEYS[7], roomId)
        if redis.call('HLEN', members) == 0 then
          delete_room()
          return {204, 1}
        end
        return {204, 0, unpack(redis.call('HKEYS', members))}
        """;

    /// <summary>KEYS 7.. the members' indexes; ARGV 7 mode ("destroy" or "expire"), 8 actor id, 9 the capacity up to
    /// which any member may destroy. {200, member ids...}, 0 (not due: it slid), 403, 404.</summary>
    public const string Delete = Prelude + """
        local e = expires_at()
        if e == nil then
          redis.call('ZREM', deadlines, roomId)
          redis.call('ZREM', notices, roomId)
          return {404}
        end
        if ARGV[7] == 'expire' then
          if e > now then
            redis.call('ZADD', deadlines, e, roomId)
            return {0}
          end
        else
          if e <= now then return {404} end
          if redis.call('HEXISTS', members, ARGV[8]) == 0 then return {404} end
          -- Any member may destroy a two-person room: one of capacity 2, or a matched enclave (no creator)
          -- while only its pair is in it. A group is destroyed by its creator; others leave it.
          local creator = redis.call('HGET', room, 'creatorId')
          local matched = creator == false or creator == ''
          local pair = tonumber(redis.call('HGET', room, 'capacity')) <= tonumber(ARGV[9])
            or (matched and redis.call('HLEN', members) <= 2)
          if not pair and creator ~= ARGV[8] then return {403} end
        end
        return {200, unpack(delete_room())}
        """;

    /// <summary>KEYS 7.. the members' indexes, in the order of ARGV 11..; ARGV 7 sender id, 8 dispatch id, 9 stored
    /// envelope, 10 the most dispatches kept, 11.. member ids. {201|200, seq, envelope, member ids...} or 404.</summary>
    public const string Post = Prelude + """
        if not is_live() then return {404} end
        if redis.call('HEXISTS', members, ARGV[7]) == 0 then return {404} end
        local existing = redis.call('ZSCORE', dispatchIds, ARGV[8])
        if existing then
          return {200, tonumber(existing), redis.call('HGET', dispatches, ARGV[8]), unpack(redis.call('HKEYS', members))}
        end
        local seq = redis.call('HINCRBY', room, 'seq', 1)
        redis.call('ZADD', dispatchIds, seq, ARGV[8])
        redis.call('HSET', dispatches, ARGV[8], ARGV[9])
        local excess = redis.call('ZCARD', dispatchIds) - tonumber(ARGV[10])
        if excess > 0 then
          local old = redis.call('ZRANGE', dispatchIds, 0, excess - 1)
          redis.call('ZREMRANGEBYRANK', dispatchIds, 0, excess - 1)
          redis.call('HDEL', dispatches, unpack(old))
        end
        touch()
        extend_indexes(7, 11)
        return {201, seq, ARGV[9], unpack(redis.call('HKEYS', members))}
        """;

    /// <summary>ARGV 7 reader id, 8 after (seq), 9 limit. {200, (id, seq, envelope)...} or 404.</summary>
    public const string Read = Prelude + """
        if not is_live() then return {404} end
        if redis.call('HEXISTS', members, ARGV[7]) == 0 then return {404} end
        local page = redis.call('ZRANGEBYSCORE', dispatchIds, '(' .. ARGV[8], '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[9]))
        local out = {200}
        for i = 1, #page, 2 do
          out[#out + 1] = page[i]
          out[#out + 1] = page[i + 1]
          out[#out + 1] = redis.call('HGET', dispatches, page[i])
        end
        return out
        """;

    /// <summary>ARGV 7 actor id, 8 new invite, 9 its hash. {200}, 403 (not the creator), 404.</summary>
    public const string Rotate = Prelude + """
        if not is_live() then return {404} end
        if redis.call('HEXISTS', members, ARGV[7]) == 0 then return {404} end
        if redis.call('HGET', room, 'creatorId') ~= ARGV[7] then return {403} end
        redis.call('HSET', room, 'invite', ARGV[8], 'inviteHash', ARGV[9])
        return {200}
        """;

    /// <summary>Claims the one-minute notice: only the caller whose ZREM removes it tells the members.
    /// {1, expiresAt, member ids...} or {0}.</summary>
    public const string ClaimNotice = Prelude + """
        local due = redis.call('ZSCORE', notices, roomId)
        if not due or tonumber(due) > now then return {0} end
        redis.call('ZREM', notices, roomId)
        local e = expires_at()
        if e == nil or e <= now then return {0} end
        return {1, e, unpack(redis.call('HKEYS', members))}
        """;
}
