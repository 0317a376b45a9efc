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
/// A peer that leaves or is evicted through this replica clears its room here at once; a departure handled by another
/// replica is honoured within the lifetime, during which a signal may still reach the departed peer's connection
/// (which has left the room and ignores it) or no connection at all. The memory is bounded by
/// <see cref="SignalingOptions.MaxSignalRoutes"/>: past it, expired routes are dropped, then all.
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

    /// <summary>How many routes are remembered now (expired ones included until they are dropped).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The target remembered for this sender in this room, or null (never known, expired or cleared).</summary>
    public PeerRecord? Find(string roomId, string fromPeer, string toPeer, DateTimeOffset now)
    {
        if (!_rooms.TryGetValue(roomId, out var routes) || !routes.TryGetValue(new PeerPair(fromPeer, toPeer), out var route))
        {
            return null;
        }
        if (route.Expires <= now)
        {
            if (routes.TryRemove(new KeyValuePair<PeerPair, Route>(new PeerPair(fromPeer, toPeer), route)))
            {
                Interlocked.Decrement(ref _count);
            }
            return null;
        }
        return route.Target;
    }

    /// <summary>
    /// Remembers that the store found both the sender and <paramref name="target"/> in the room at
    /// <paramref name="now"/>, their presence entries counting until <paramref name="presenceEnds"/>.
    /// </summary>
    public void Remember(string roomId, string fromPeer, PeerRecord target, DateTimeOffset now, DateTimeOffset presenceEnds)
    {
        var expires = Min(now + _lifetime, presenceEnds);
        if (expires <= now)
        {
            return;
        }
        if (Count >= _capacity)
        {
            DropExpired(now);
            if (Count >= _capacity)
            {
                _rooms.Clear();
                Volatile.Write(ref _count, 0);
            }
        }
        var routes = _rooms.GetOrAdd(roomId, static _ => new ConcurrentDictionary<PeerPair, Route>());
        var route = new Route(target, expires);
        if (routes.TryAdd(new PeerPair(fromPeer, target.PeerId), route))
        {
            Interlocked.Increment(ref _count);
        }
        else
        {
            routes[new PeerPair(fromPeer, target.PeerId)] = route;
        }
    }

    /// <summary>Forgets every route of a room: a peer of it left, was evicted or disconnected here.</summary>
    public void ForgetRoom(string roomId)
    {
        if (_rooms.TryRemove(roomId, out var routes))
        {
            Interlocked.Add(ref _count, -routes.Count);
        }
    }

    private void DropExpired(DateTimeOffset now)
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

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private readonly record struct PeerPair(string FromPeer, string ToPeer);

    private sealed record Route(PeerRecord Target, DateTimeOffset Expires);
}
