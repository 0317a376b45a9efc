namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The Lua scripts that change the search. Garnet runs a script atomically only over the keys passed in
/// <c>KEYS[]</c> (<c>--lua-transaction-mode</c>), so every script names every key it touches; that is why the
/// queue, the searchers' metadata, the claims, the recent pairs and the blocks are each ONE key shared by all users,
/// and a user's own state key is touched only by scripts that know the user up front.
/// Time always comes from the caller (<see cref="TimeProvider"/>), never from the store's clock.
///
/// A searcher's metadata in <c>match:searchers</c> is <c>enqueuedAtMs \n claim \n interests</c>; the claim is empty
/// while the searcher waits in the queue and names the pair (<c>claimId|a|b</c>, a member of
/// <c>match:claims</c>) while a replica creates their room. Invariant kept by every script: a user's state is
/// <c>searching</c> exactly when the user has metadata, and then is either in the queue or in exactly one claim.
/// </summary>
internal static class MatchScripts
{
    private const string Parse = """
        local unpack = table.unpack or unpack
        local function parse(meta)
          local p1 = string.find(meta, '\n', 1, true)
          local p2 = string.find(meta, '\n', p1 + 1, true)
          return string.sub(meta, 1, p1 - 1), string.sub(meta, p1 + 1, p2 - 1), string.sub(meta, p2 + 1)
        end
        local function claimMembers(claim)
          local _, _, a, b = string.find(claim, '^[^|]*|([^|]*)|([^|]*)$')
          return a, b
        end
        local function keepLater(key, member, score)
          local current = redis.call('ZSCORE', key, member)
          if (not current) or tonumber(current) < tonumber(score) then
            redis.call('ZADD', key, score, member)
          end
        end

        """;

    /// <summary>
    /// Starts a search. KEYS: queue, searchers, user. ARGV: userId, nowMs, name, interests, queueTtlMs, userTtlMs.
    /// Returns 1, or 0 when the user is already searching.
    /// </summary>
    public const string Start = Parse + """
        if redis.call('HGET', KEYS[3], 'state') == 'searching' and redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
          return 0
        end
        redis.call('DEL', KEYS[3])
        redis.call('HSET', KEYS[3], 'state', 'searching', 'since', ARGV[2], 'name', ARGV[3], 'interests', ARGV[4])
        redis.call('PEXPIRE', KEYS[3], ARGV[6])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2] .. '\n\n' .. ARGV[4])
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return 1
        """;

    /// <summary>
    /// Ends a search: cancelled, timed out, disconnected or account deleted. When the user was in a claimed pair,
    /// the partner goes back to the queue with the original enqueue time and the claim is void.
    /// KEYS: queue, searchers, claims, user. ARGV: userId, nowMs, newState (idle | timed-out | deleted), untilMs,
    /// userTtlMs, queueTtlMs, enqueuedByMs (timeouts only: end only a queued search enqueued at or before it, else '').
    /// Returns 1 when a search ended, 0 when there was none (or it no longer qualifies).
    /// </summary>
    public const string End = Parse + """
        local meta = redis.call('HGET', KEYS[2], ARGV[1])
        if not meta then
          if ARGV[3] == 'deleted' then
            redis.call('DEL', KEYS[4])
          elseif redis.call('HGET', KEYS[4], 'state') == 'searching' then
            -- The queue keys expired under this search (every replica was down): report it as ended.
            redis.call('HSET', KEYS[4], 'state', 'idle', 'since', ARGV[2])
          end
          return 0
        end
        local enq, claim, interests = parse(meta)
        if ARGV[7] ~= '' and (claim ~= '' or tonumber(enq) > tonumber(ARGV[7])) then
          return 0
        end
        if claim ~= '' then
          redis.call('ZREM', KEYS[3], claim)
          local a, b = claimMembers(claim)
          local partner = a
          if a == ARGV[1] then partner = b end
          local pmeta = redis.call('HGET', KEYS[2], partner)
          if pmeta then
            local penq, pclaim, pinterests = parse(pmeta)
            if pclaim == claim then
              redis.call('HSET', KEYS[2], partner, penq .. '\n\n' .. pinterests)
              redis.call('ZADD', KEYS[1], penq, partner)
              redis.call('PEXPIRE', KEYS[1], ARGV[6])
            end
          end
        end
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        if ARGV[3] == 'deleted' then
          redis.call('DEL', KEYS[4])
        else
          redis.call('HSET', KEYS[4], 'state', ARGV[3], 'since', ARGV[2], 'until', ARGV[4])
          redis.call('HDEL', KEYS[4], 'roomId', 'peerId')
          redis.call('PEXPIRE', KEYS[4], ARGV[5])
        end
        return 1
        """;

    /// <summary>
    /// Claims pairs, first come first served. For each searcher from the oldest (or only for the focus user, a new
    /// arrival), the partner is the earliest searcher who shares an interest, else the earliest when both accept
    /// anyone (no interests, or waiting at least the relax time); never the same user, never a recent pair, never a
    /// blocked pair. Claimed users leave the queue; their metadata names the claim.
    /// A full pass considers the oldest <c>window</c> searchers; a focus user's search reads the queue page by page
    /// and stops at the first fitting partner, so an arrival costs what it scans, not the whole queue.
    /// KEYS: queue, searchers, claims, recent, blocks. ARGV: nowMs, relaxMs, maxPairs, window, claimPrefix,
    /// focusUserId or '', queueTtlMs. Returns a flat array: claim, a, b, enqueuedAtA, enqueuedAtB per pair.
    /// </summary>
    public const string Pair = Parse + """
        local now = tonumber(ARGV[1])
        local relax = tonumber(ARGV[2])
        local maxPairs = tonumber(ARGV[3])
        local window = tonumber(ARGV[4])
        local focus = ARGV[6]
        local pageSize = 64

        local function person(id, meta)
          local enq, claim, interests = parse(meta)
          local set, count = {}, 0
          for tag in string.gmatch(interests, '[^,]+') do
            set[tag] = true
            count = count + 1
          end
          return { id = id, enq = enq, interests = interests, set = set, count = count,
            open = count == 0 or now - tonumber(enq) >= relax }
        end
        -- Reads queue entries [first, last] (0-based ranks) with their metadata, oldest first.
        local function load(first, last)
          local ids = redis.call('ZRANGE', KEYS[1], tostring(first), tostring(last))
          local people = {}
          if #ids == 0 then return people, 0 end
          local metas = redis.call('HMGET', KEYS[2], unpack(ids))
          for i = 1, #ids do
            if metas[i] then
              people[#people + 1] = person(ids[i], metas[i])
            else
              -- A queue entry without metadata is a leftover of an expired search.
              redis.call('ZREM', KEYS[1], ids[i])
            end
          end
          return people, #ids
        end
        local function shares(a, b)
          for tag in pairs(a.set) do
            if b.set[tag] then return true end
          end
          return false
        end
        -- Pair entries are written in ordinal order by the service; Lua's '<' follows the C library's locale, so
        -- both orders are looked up rather than trusting it to agree.
        local function remembered(set, x, y)
          local first = redis.call('ZSCORE', set, x .. '|' .. y)
          local second = redis.call('ZSCORE', set, y .. '|' .. x)
          return (first and tonumber(first) > now) or (second and tonumber(second) > now)
        end
        local function allowed(a, b)
          if a.id == b.id then return false end
          return not remembered(KEYS[4], a.id, b.id) and not remembered(KEYS[5], a.id, b.id)
        end
        -- 'shared' ends the search for a's partner; 'open' is a fallback when nobody shares an interest.
        local function fit(a, b)
          if a.count > 0 and shares(a, b) then
            if allowed(a, b) then return 'shared' end
          elseif a.open and b.open and allowed(a, b) then
            return 'open'
          end
          return nil
        end

        local out = {}
        local made = 0
        -- The pair is named oldest first, whichever of the two was looking.
        local function claimPair(older, newer)
          made = made + 1
          local claim = ARGV[5] .. '.' .. made .. '|' .. older.id .. '|' .. newer.id
          redis.call('ZREM', KEYS[1], older.id, newer.id)
          redis.call('HSET', KEYS[2], older.id, older.enq .. '\n' .. claim .. '\n' .. older.interests,
            newer.id, newer.enq .. '\n' .. claim .. '\n' .. newer.interests)
          redis.call('ZADD', KEYS[3], ARGV[1], claim)
          out[#out + 1] = claim
          out[#out + 1] = older.id
          out[#out + 1] = newer.id
          out[#out + 1] = older.enq
          out[#out + 1] = newer.enq
        end

        if focus ~= '' then
          local meta = redis.call('HGET', KEYS[2], focus)
          if not meta or not redis.call('ZSCORE', KEYS[1], focus) then return {} end
          local a = person(focus, meta)
          local chosen, fallback = nil, nil
          local first = 0
          while first < window and chosen == nil do
            local page, read = load(first, math.min(first + pageSize, window) - 1)
            if read == 0 then break end
            for j = 1, #page do
              local verdict = fit(a, page[j])
              if verdict == 'shared' then chosen = page[j] break end
              if verdict == 'open' and fallback == nil then
                fallback = page[j]
                -- Nobody shares an interest with a searcher who has none: the first open partner is the best.
                if a.count == 0 then chosen = fallback break end
              end
            end
            first = first + read
          end
          chosen = chosen or fallback
          if chosen then
            local ce, ae = tonumber(chosen.enq), tonumber(a.enq)
            if ce < ae or (ce == ae and chosen.id < a.id) then claimPair(chosen, a) else claimPair(a, chosen) end
          end
        else
          local people = load(0, window - 1)
          local taken = {}
          for i = 1, #people do
            if made >= maxPairs then break end
            if not taken[i] then
              local a = people[i]
              local chosen, fallback = nil, nil
              -- Every earlier searcher already failed to pair with everyone after it, so look only forward.
              for j = i + 1, #people do
                if not taken[j] then
                  local verdict = fit(a, people[j])
                  if verdict == 'shared' then chosen = j break end
                  if verdict == 'open' and fallback == nil then
                    fallback = j
                    if a.count == 0 then break end
                  end
                end
              end
              chosen = chosen or fallback
              if chosen then
                taken[i] = true
                taken[chosen] = true
                claimPair(a, people[chosen])
              end
            end
          end
        end
        if made > 0 then
          redis.call('PEXPIRE', KEYS[2], ARGV[7])
          redis.call('PEXPIRE', KEYS[3], ARGV[7])
        end
        return out
        """;

    /// <summary>
    /// Completes a claimed pair whose room exists: both users become <c>matched</c>, the pair is remembered as recent
    /// and the room's pair is recorded. KEYS: searchers, claims, recent, userA, userB, roomRecord. ARGV: claim, a, b,
    /// roomId, nowMs, recentUntilMs, outcomeUntilMs, userTtlMs, recentTtlMs, roomRecordTtlMs, pairKey.
    /// Returns {nameA, nameB}, or nil when the claim is void (a user cancelled, or the claim expired).
    /// </summary>
    public const string Complete = Parse + """
        if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return false end
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('HDEL', KEYS[1], ARGV[2], ARGV[3])
        local nameA = redis.call('HGET', KEYS[4], 'name') or ''
        local nameB = redis.call('HGET', KEYS[5], 'name') or ''
        redis.call('HSET', KEYS[4], 'state', 'matched', 'since', ARGV[5], 'until', ARGV[7], 'roomId', ARGV[4], 'peerId', ARGV[3])
        redis.call('HSET', KEYS[5], 'state', 'matched', 'since', ARGV[5], 'until', ARGV[7], 'roomId', ARGV[4], 'peerId', ARGV[2])
        redis.call('PEXPIRE', KEYS[4], ARGV[8])
        redis.call('PEXPIRE', KEYS[5], ARGV[8])
        keepLater(KEYS[3], ARGV[11], ARGV[6])
        redis.call('PEXPIRE', KEYS[3], ARGV[9])
        redis.call('SET', KEYS[6], ARGV[11], 'PX', ARGV[10])
        return { nameA, nameB }
        """;

    /// <summary>
    /// Voids a claim (the room could not be created, or the claiming replica vanished): both users go back to the
    /// queue with their original enqueue time, which puts them ahead of everyone who came later.
    /// KEYS: queue, searchers, claims. ARGV: claim, queueTtlMs. Returns 1, or 0 when the claim was already void.
    /// </summary>
    public const string Release = Parse + """
        if not redis.call('ZSCORE', KEYS[3], ARGV[1]) then return 0 end
        redis.call('ZREM', KEYS[3], ARGV[1])
        local a, b = claimMembers(ARGV[1])
        for _, user in ipairs({ a, b }) do
          local meta = redis.call('HGET', KEYS[2], user)
          if meta then
            local enq, claim, interests = parse(meta)
            if claim == ARGV[1] then
              redis.call('HSET', KEYS[2], user, enq .. '\n\n' .. interests)
              redis.call('ZADD', KEYS[1], enq, user)
            end
          end
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>
    /// Remembers a pair (recent or blocked) until a time, keeping the later time when it is already known.
    /// KEYS: set. ARGV: pairKey, untilMs, setTtlMs.
    /// </summary>
    public const string Remember = Parse + """
        keepLater(KEYS[1], ARGV[1], ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return 1
        """;

    /// <summary>
    /// After leaving a matched room (block), the user's state no longer points at it.
    /// KEYS: user. ARGV: roomId, nowMs. Returns 1 when the state changed.
    /// </summary>
    public const string LeaveMatched = """
        if redis.call('HGET', KEYS[1], 'state') == 'matched' and redis.call('HGET', KEYS[1], 'roomId') == ARGV[1] then
          redis.call('HSET', KEYS[1], 'state', 'idle', 'since', ARGV[2])
          redis.call('HDEL', KEYS[1], 'roomId', 'peerId', 'until')
          return 1
        end
        return 0
        """;
}
