using System.Text.Json;
using EphemChat.Rooms.Grpc;
using EphemChat.ServiceDefaults;
using EphemChat.Signaling.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// Turns searches into enclaves. Pairs are claimed atomically in the store (<see cref="SearchStore"/>), so any
/// number of replicas run this at once over the same queue; each claimed pair gets its room from rooms, is completed
/// in the store and both people are told <c>MatchFound</c> through signaling. A room that cannot be created voids
/// the claim and both go back to the head of the queue: nobody is lost.
/// </summary>
public sealed class PairingEngine(
    SearchStore store,
    EphemChat.Rooms.Grpc.Rooms.RoomsClient rooms,
    EphemChat.Signaling.Grpc.Signaling.SignalingClient signaling,
    MatchMetrics metrics,
    ServiceTelemetry telemetry,
    IOptions<MatchmakingOptions> options,
    TimeProvider time,
    ILogger<PairingEngine> logger)
{
    /// <summary>The event that tells a browser it has a partner.</summary>
    public const string MatchFoundEvent = "MatchFound";

    /// <summary>The event that tells a browser its search ended without a partner.</summary>
    public const string NoMatchEvent = "NoMatch";

    private readonly MatchmakingOptions _options = options.Value;

    /// <summary>
    /// Starts a search and looks for a partner at once; null when the user is already searching. The state returned
    /// is <c>matched</c> when a partner was waiting.
    /// </summary>
    public async Task<SearchStatus?> SearchAsync(string userId, string name, IReadOnlyList<string> interests)
    {
        if (!await store.StartAsync(userId, name, interests, time.GetUtcNow()))
        {
            return null;
        }
        metrics.SearchStarted();
        await PairArrivalAsync(userId);
        return await store.GetAsync(userId, time.GetUtcNow());
    }

    /// <summary>Ends the user's search; false when the user was not searching.</summary>
    public async Task<bool> EndSearchAsync(string userId, SearchEnd reason)
    {
        var ended = await store.EndAsync(userId, reason, time.GetUtcNow());
        if (ended)
        {
            metrics.SearchEnded(reason);
        }
        return ended;
    }

    /// <summary>The user's search as the API reports it.</summary>
    public Task<SearchStatus> GetAsync(string userId) => store.GetAsync(userId, time.GetUtcNow());

    /// <summary>Looks for a partner for a new arrival only; returns the pairs made (0 or 1).</summary>
    public async Task<int> PairArrivalAsync(string userId, CancellationToken cancellationToken = default) =>
        await CompleteAllAsync(await store.ClaimPairsAsync(time.GetUtcNow(), userId), cancellationToken);

    /// <summary>
    /// One background pass: voids claims whose replica vanished, times out searches (telling them <c>NoMatch</c>),
    /// pairs everyone who can be paired now (interests relax with waiting) and prunes expired pair memories.
    /// Returns the number of pairs made.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        using var activity = telemetry.ActivitySource.StartActivity("match.pass");
        var now = time.GetUtcNow();

        foreach (var claim in await store.StaleClaimsAsync(now))
        {
            if (await store.ReleaseAsync(claim))
            {
                metrics.Failed("stale-claim");
                logger.LogWarning("A pair claimed more than {ClaimTimeout} ago went back to the queue.", _options.ClaimTimeout);
            }
        }

        await Parallel.ForEachAsync(await store.TimedOutAsync(now), Parallelism(cancellationToken), async (searcher, _) =>
        {
            if (await store.EndAsync(searcher.UserId, SearchEnd.TimedOut, now, searcher.EnqueuedBy))
            {
                metrics.SearchEnded(SearchEnd.TimedOut);
                await NotifyAsync(searcher.UserId, NoMatchEvent, new NoMatchPayload("timeout"));
            }
        });

        var made = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var claimed = await store.ClaimPairsAsync(time.GetUtcNow());
            var completed = await CompleteAllAsync(claimed, cancellationToken);
            made += completed;
            // A full batch that all succeeded means more may be waiting; any failure waits for the next pass.
            if (claimed.Count < _options.MaxPairsPerPass || completed < claimed.Count)
            {
                break;
            }
        }

        await store.PruneAsync(now);
        metrics.QueueLength(await store.QueueLengthAsync());
        activity?.SetTag("match.pairs", made);
        return made;
    }

    private async Task<int> CompleteAllAsync(IReadOnlyList<ClaimedPair> pairs, CancellationToken cancellationToken)
    {
        if (pairs.Count == 0)
        {
            return 0;
        }
        if (pairs.Count == 1)
        {
            return await CompleteAsync(pairs[0], cancellationToken) ? 1 : 0;
        }
        var completed = 0;
        await Parallel.ForEachAsync(pairs, Parallelism(cancellationToken), async (pair, token) =>
        {
            if (await CompleteAsync(pair, token))
            {
                Interlocked.Increment(ref completed);
            }
        });
        return completed;
    }

    private async Task<bool> CompleteAsync(ClaimedPair pair, CancellationToken cancellationToken)
    {
        using var activity = telemetry.ActivitySource.StartActivity("match.pair");
        Room room;
        try
        {
            room = await rooms.CreateRoomAsync(new CreateRoomRequest
            {
                MemberIds = { pair.A, pair.B },
                Kind = "enclave",
                Origin = "match",
            }, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            // Nobody is lost: both go back to their place at the head of the queue for the next pass.
            metrics.Failed("create-room");
            logger.LogWarning("Creating the room of a pair failed ({Status}); both searchers are back in the queue.",
                (ex as RpcException)?.StatusCode.ToString() ?? "cancelled");
            await store.ReleaseAsync(pair.Claim);
            return false;
        }
        activity?.SetTag("room.id", room.Id);

        var matched = await store.CompleteAsync(pair, room.Id, time.GetUtcNow());
        if (matched is null)
        {
            // One of them cancelled (or the claim expired) while the room was being made: the room is unused.
            metrics.Failed("void-claim");
            await AbandonRoomAsync(room.Id, pair);
            return false;
        }

        metrics.Matched(matched);
        logger.LogDebug("Matched a pair into room {RoomId} after {WaitMs} ms.", room.Id, (long)matched.WaitA.TotalMilliseconds);
        await Task.WhenAll(
            NotifyAsync(pair.A, MatchFoundEvent, new MatchFoundPayload(room.Id, matched.NameB)),
            NotifyAsync(pair.B, MatchFoundEvent, new MatchFoundPayload(room.Id, matched.NameA)));
        return true;
    }

    private async Task AbandonRoomAsync(string roomId, ClaimedPair pair)
    {
        foreach (var userId in new[] { pair.A, pair.B })
        {
            try
            {
                await rooms.LeaveRoomAsync(new LeaveRoomRequest { RoomId = roomId, UserId = userId });
            }
            catch (RpcException ex)
            {
                logger.LogWarning("Leaving an unused matched room failed ({Status}); it expires on its own.", ex.StatusCode);
            }
        }
    }

    // A failed push does not undo a match: the browser also polls GET /search.
    private async Task NotifyAsync<T>(string userId, string eventName, T payload)
    {
        try
        {
            await signaling.NotifyAsync(new NotifyRequest
            {
                UserIds = { userId },
                Event = eventName,
                PayloadJson = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            });
        }
        catch (RpcException ex)
        {
            metrics.Failed("notify");
            logger.LogWarning("Notifying {Event} failed ({Status}).", eventName, ex.StatusCode);
        }
    }

    private ParallelOptions Parallelism(CancellationToken cancellationToken) => new()
    {
        MaxDegreeOfParallelism = _options.MaxConcurrentRoomCreations,
        CancellationToken = cancellationToken,
    };

    private sealed record MatchFoundPayload(string RoomId, string PeerName);

    private sealed record NoMatchPayload(string Reason);
}
