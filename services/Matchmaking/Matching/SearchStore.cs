using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The search in the store, shared by every matchmaking replica. Keys (each with a TTL, refreshed on write):
/// <list type="bullet">
/// <item><c>match:queue</c>: sorted set of waiting user ids, scored by enqueue time (ms): first come, first served.</item>
/// <item><c>match:searchers</c>: hash user id → enqueue time, claim and interests of every current search.</item>
/// <item><c>match:claims</c>: sorted set of pairs being turned into a room, scored by claim time.</item>
/// <item><c>match:recent</c> and <c>match:blocks</c>: sorted sets of pairs <c>a|b</c> (ordinal order), scored by the time
/// until which they must not be paired; expired entries are pruned by the background pass.</item>
/// <item><c>match:user:{id}</c>: hash of one user's state (state, since, until, roomId, peerId, name, interests).</item>
/// <item><c>match:room:{roomId}</c>: the pair a room was made for, so a member left alone can still block.</item>
/// </list>
/// Entries inside the shared keys carry their own times; the key TTLs only collect what every replica abandoned.
/// </summary>
public sealed class SearchStore(IConnectionMultiplexer redis, IOptions<MatchmakingOptions> options)
{
    public static readonly RedisKey QueueKey = "match:queue";
    public static readonly RedisKey SearchersKey = "match:searchers";
    public static readonly RedisKey ClaimsKey = "match:claims";
    public static readonly RedisKey RecentKey = "match:recent";
    public static readonly RedisKey BlocksKey = "match:blocks";

    private readonly MatchmakingOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    internal static RedisKey UserKey(string userId) => $"match:user:{userId}";

    internal static RedisKey RoomKey(string roomId) => $"match:room:{roomId}";

    /// <summary>The store form of a pair: both ids in ordinal order, so (a, b) and (b, a) are one entry.</summary>
    public static string PairKey(string a, string b) => string.CompareOrdinal(a, b) < 0 ? $"{a}|{b}" : $"{b}|{a}";

    // Shared search keys outlive the longest search plus a stuck claim; then all they hold is stale anyway.
    private long QueueTtlMs => Ms(_options.SearchTimeout * 2 + _options.ClaimTimeout);

    private long SearchingUserTtlMs => QueueTtlMs;

    private long OutcomeUserTtlMs => Ms(_options.OutcomeLifetime + TimeSpan.FromMinutes(1));

    // A matched user's state (name, interests) lives as long as the room's pair record, so that a skip after a long
    // chat searches again with the same interests; GET /search still reads idle after the outcome lifetime.
    private long MatchedUserTtlMs => Ms(_options.PairRecordLifetime);

    /// <summary>Starts a search; false when the user is already searching.</summary>
    public async Task<bool> StartAsync(string userId, string name, IReadOnlyList<string> interests, DateTimeOffset now)
    {
        var result = await Db.ScriptEvaluateAsync(MatchScripts.Start,
            [QueueKey, SearchersKey, UserKey(userId)],
            [userId, Ms(now), name, Interests.Encode(interests), QueueTtlMs, SearchingUserTtlMs]);
        return (long)result == 1;
    }

    /// <summary>
    /// Ends the user's search; false when there was none. With <paramref name="enqueuedBy"/> (timeouts) only a
    /// search that waits in the queue since at most that time ends, so a pair being made is never cut short.
    /// </summary>
    public async Task<bool> EndAsync(string userId, SearchEnd reason, DateTimeOffset now, DateTimeOffset? enqueuedBy = null)
    {
        var state = reason switch
        {
            SearchEnd.TimedOut => SearchStates.TimedOut,
            SearchEnd.Deleted => "deleted",
            _ => SearchStates.Idle,
        };
        var result = await Db.ScriptEvaluateAsync(MatchScripts.End,
            [QueueKey, SearchersKey, ClaimsKey, UserKey(userId)],
            [userId, Ms(now), state, Ms(now + _options.OutcomeLifetime), OutcomeUserTtlMs, QueueTtlMs,
                enqueuedBy is { } cutoff ? Ms(cutoff) : ""]);
        return (long)result == 1;
    }

    /// <summary>The user's search as the API reports it; an outcome older than its lifetime reads as idle.</summary>
    public async Task<SearchStatus> GetAsync(string userId, DateTimeOffset now)
    {
        var fields = (await Db.HashGetAllAsync(UserKey(userId))).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
        var state = fields.GetValueOrDefault("state");
        var interests = Interests.Decode(fields.GetValueOrDefault("interests"));
        var since = FromMs(fields.GetValueOrDefault("since"));
        return state switch
        {
            SearchStates.Searching => new SearchStatus(state, since, null, interests),
            SearchStates.Matched or SearchStates.TimedOut when FromMs(fields.GetValueOrDefault("until")) > now =>
                new SearchStatus(state, since, state == SearchStates.Matched ? fields.GetValueOrDefault("roomId") : null, interests),
            _ => SearchStatus.Idle,
        };
    }

    /// <summary>The interests of the user's last search (kept while the user's state is), for searching again.</summary>
    public async Task<IReadOnlyList<string>> LastInterestsAsync(string userId) =>
        Interests.Decode(await Db.HashGetAsync(UserKey(userId), "interests"));

    /// <summary>
    /// Claims pairs atomically: every pair in one pass, or only a partner for <paramref name="focusUserId"/> (a new
    /// arrival). Claimed users leave the queue until <see cref="CompleteAsync"/> or <see cref="ReleaseAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedPair>> ClaimPairsAsync(DateTimeOffset now, string? focusUserId = null)
    {
        var focus = focusUserId ?? "";
        var window = focus.Length > 0 ? _options.ArrivalScanLimit : _options.PairingWindow;
        // The claim id is unique per pass, so that a claim voided and made again is never confused with the first.
        var claimPrefix = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(12));
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(MatchScripts.Pair,
            [QueueKey, SearchersKey, ClaimsKey, RecentKey, BlocksKey],
            [Ms(now), Ms(_options.InterestRelaxAfter), _options.MaxPairsPerPass, window, claimPrefix, focus, QueueTtlMs]))!;

        var pairs = new List<ClaimedPair>(result.Length / 5);
        for (var i = 0; i + 4 < result.Length; i += 5)
        {
            pairs.Add(new ClaimedPair((string)result[i]!, (string)result[i + 1]!, (string)result[i + 2]!,
                FromMs((string?)result[i + 3], now), FromMs((string?)result[i + 4], now)));
        }
        return pairs;
    }

    /// <summary>Completes a claimed pair into <paramref name="roomId"/>; null when the claim is void meanwhile.</summary>
    public async Task<MatchedPair?> CompleteAsync(ClaimedPair pair, string roomId, DateTimeOffset now)
    {
        var result = await Db.ScriptEvaluateAsync(MatchScripts.Complete,
            [SearchersKey, ClaimsKey, RecentKey, UserKey(pair.A), UserKey(pair.B), RoomKey(roomId)],
            [pair.Claim, pair.A, pair.B, roomId, Ms(now), Ms(now + _options.RecentPairWindow), Ms(now + _options.OutcomeLifetime),
                MatchedUserTtlMs, Ms(_options.RecentPairWindow) + 1, Ms(_options.PairRecordLifetime), PairKey(pair.A, pair.B)]);
        if (result.IsNull)
        {
            return null;
        }
        var names = (RedisResult[])result!;
        return new MatchedPair(pair, roomId, (string?)names[0] ?? "", (string?)names[1] ?? "", now);
    }

    /// <summary>Voids a claim and puts both users back at their place at the head of the queue.</summary>
    public async Task<bool> ReleaseAsync(string claim) =>
        (long)await Db.ScriptEvaluateAsync(MatchScripts.Release, [QueueKey, SearchersKey, ClaimsKey], [claim, QueueTtlMs]) == 1;

    /// <summary>Claims older than the claim timeout: their replica died or hangs.</summary>
    public async Task<IReadOnlyList<string>> StaleClaimsAsync(DateTimeOffset now) =>
        (await Db.SortedSetRangeByScoreAsync(ClaimsKey, double.NegativeInfinity, Ms(now - _options.ClaimTimeout),
            take: _options.MaxTimeoutsPerPass)).Select(v => v.ToString()).ToList();

    /// <summary>Users waiting in the queue since the search timeout or longer, oldest first.</summary>
    public async Task<IReadOnlyList<(string UserId, DateTimeOffset EnqueuedBy)>> TimedOutAsync(DateTimeOffset now)
    {
        var cutoff = now - _options.SearchTimeout;
        var ids = await Db.SortedSetRangeByScoreAsync(QueueKey, double.NegativeInfinity, Ms(cutoff), take: _options.MaxTimeoutsPerPass);
        return ids.Select(id => (id.ToString(), cutoff)).ToList();
    }

    /// <summary>Two people just paired (or one skipped the other): not paired again for the recent-pair window.</summary>
    public Task RememberRecentAsync(string a, string b, DateTimeOffset now) =>
        Db.ScriptEvaluateAsync(MatchScripts.Remember, [RecentKey],
            [PairKey(a, b), Ms(now + _options.RecentPairWindow), Ms(_options.RecentPairWindow) + 1]);

    /// <summary>Two people are never paired while the block lasts, whoever blocked whom.</summary>
    public Task BlockAsync(string a, string b, DateTimeOffset now) =>
        Db.ScriptEvaluateAsync(MatchScripts.Remember, [BlocksKey],
            [PairKey(a, b), Ms(now + _options.BlockDuration), Ms(_options.BlockDuration) + 1]);

    /// <summary>The user no longer shows <c>matched</c> for a room they left.</summary>
    public Task ForgetMatchAsync(string userId, string roomId, DateTimeOffset now) =>
        Db.ScriptEvaluateAsync(MatchScripts.LeaveMatched, [UserKey(userId)], [roomId, Ms(now)]);

    /// <summary>The other member of the pair matchmaking made <paramref name="roomId"/> for, when the user was one.</summary>
    public async Task<string?> PartnerInRoomAsync(string roomId, string userId)
    {
        var pair = (string?)await Db.StringGetAsync(RoomKey(roomId));
        var members = pair?.Split('|');
        return members is [var a, var b] && (a == userId || b == userId) ? (a == userId ? b : a) : null;
    }

    /// <summary>Drops recent pairs and blocks that have run out, so the shared sets stay small.</summary>
    public async Task PruneAsync(DateTimeOffset now)
    {
        await Db.SortedSetRemoveRangeByScoreAsync(RecentKey, double.NegativeInfinity, Ms(now));
        await Db.SortedSetRemoveRangeByScoreAsync(BlocksKey, double.NegativeInfinity, Ms(now));
    }

    /// <summary>How many people wait in the queue (claimed pairs not included).</summary>
    public Task<long> QueueLengthAsync() => Db.SortedSetLengthAsync(QueueKey);

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;

    private static DateTimeOffset? FromMs(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static DateTimeOffset FromMs(string? value, DateTimeOffset fallback) => FromMs(value) ?? fallback;
}
