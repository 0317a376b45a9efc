using System.Collections.Concurrent;
using EphemChat.Signaling.Hubs;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// The relay's short memory, on this replica: for a room, a sender and a target, the target peer the store last
/// found with both present, for <see cref="SignalingOptions.SignalRouteLifetime"/>. WebRTC negotiation sends an
/// offer, an answer and a burst of ICE candidates between the same two peers within a second or two, so most signals
/// skip the store round trip that was the largest cost of a relayed signal. Time comes from the caller, and a route
/// never outlives the presence entries the store found (it ends when the first of them would stop counting).
/// </summary>
/// <remarks>
/// Only "both present" is remembered: a missing sender or target is always asked of the store, so refusals are exact.
/// Any departure or eviction, on any replica, forgets its room on every replica (<see cref="SignalRouteInvalidations"/>
/// over the store's pub/sub), and a lookup already in flight when that happens is not remembered
/// (<see cref="Generation"/>). Only if that message is lost does a route outlive a departure, by the lifetime at most.
/// The memory is bounded by <see cref="SignalingOptions.MaxSignalRoutes"/>: past it, expired routes are dropped,
/// then all; the heartbeat also drops expired routes.
/// </remarks>
public sealed class SignalRoutes(IOptions<SignalingOptions> options)
{
    // By room, so that a departure forgets its room's routes without looking at any other room's.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<PeerPair, Route>> _rooms = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = options.Value.SignalRouteLifetime;
    private readonly int _capacity = options.Value.MaxSignalRoutes;

    // Kept by hand: ConcurrentDictionary.Count takes every lock. Races may leave it slightly off; it is recounted
    // whenever expired routes are dropped, and it only decides when to drop them.
    private int _count;
    private long _generation;
    private int _dropping;

    /// <summary>How many routes are remembered now (expired ones included until they are dropped).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Changes whenever a room is forgotten: read it before asking the store, pass it to <see cref="Remember"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The target remembered for this sender in this room, or null (never known, expired or cleared).</summary>
    public PeerRecord? Find(string roomId, string fromPeer, string toPeer, DateTimeOffset now)
    {
        var pair = new PeerPair(fromPeer, toPeer);
        if (!_rooms.TryGetValue(roomId, out var routes) || !routes.TryGetValue(pair, out var route))
        {
            return null;
        }
        if (route.Expires <= now)
        {
            if (routes.TryRemove(new KeyValuePair<PeerPair, Route>(pair, route)))
            {
                Interlocked.Decrement(ref _count);
            }
            return null;
        }
        return route.Target;
    }

    /// <summary>
    /// Remembers that the store found both the sender and <paramref name="target"/> in the room at
    /// <paramref name="now"/>, their presence entries counting until <paramref name="presenceEnds"/>; not when a room
    /// was forgotten since <paramref name="generation"/> was read (the answer may predate a departure).
    /// </summary>
    public void Remember(string roomId, string fromPeer, PeerRecord target, DateTimeOffset now, DateTimeOffset presenceEnds, long generation)
    {
        var expires = Min(now + _lifetime, presenceEnds);
        if (expires <= now || Generation != generation)
        {
            return;
        }
        if (Count >= _capacity)
        {
            MakeRoom(now);
        }
        var routes = _rooms.GetOrAdd(roomId, static _ => new ConcurrentDictionary<PeerPair, Route>(concurrencyLevel: 1, capacity: 2));
        var pair = new PeerPair(fromPeer, target.PeerId);
        var route = new Route(target, expires);
        if (routes.TryAdd(pair, route))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            routes[pair] = route;
        }
        // A room forgotten meanwhile must not keep this route.
        if (Generation != generation && routes.TryRemove(new KeyValuePair<PeerPair, Route>(pair, route)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Forgets every route of a room: a peer of it left, was evicted or disconnected, on any replica.</summary>
    public void ForgetRoom(string roomId)
    {
        Interlocked.Increment(ref _generation);
        if (_rooms.TryRemove(roomId, out var routes))
        {
            Interlocked.Add(ref _count, -routes.Count);
        }
    }

    /// <summary>Drops the routes that have expired (the heartbeat calls it, so they do not wait for the limit).</summary>
    public void DropExpired(DateTimeOffset now)
    {
        var count = 0;
        foreach (var (roomId, routes) in _rooms)
        {
            foreach (var (pair, route) in routes)
            {
                if (route.Expires <= now)
                {
                    routes.TryRemove(new KeyValuePair<PeerPair, Route>(pair, route));
                }
            }
            if (routes.IsEmpty)
            {
                _rooms.TryRemove(new KeyValuePair<string, ConcurrentDictionary<PeerPair, Route>>(roomId, routes));
            }
            else
            {
                count += routes.Count;
            }
        }
        Volatile.Write(ref _count, count);
    }

    // At the limit, one caller at a time drops what expired; if that leaves it over three quarters full, it clears
    // everything, so that the next callers do not scan again.
    private void MakeRoom(DateTimeOffset now)
    {
        if (Interlocked.CompareExchange(ref _dropping, 1, 0) != 0)
        {
            return;
        }
        try
        {
            DropExpired(now);
            if (Count >= _capacity * 3 / 4)
            {
                _rooms.Clear();
                Volatile.Write(ref _count, 0);
            }
        }
        finally
        {
            Volatile.Write(ref _dropping, 0);
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private readonly record struct PeerPair(string FromPeer, string ToPeer);

    private sealed record Route(PeerRecord Target, DateTimeOffset Expires);
}
