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
    private readonly ConcurrentDictionary<RouteKey, Route> _routes = new();
    private readonly TimeSpan _lifetime = options.Value.SignalRouteLifetime;
    private readonly int _capacity = options.Value.MaxSignalRoutes;

    /// <summary>How many routes are remembered now (expired ones included until they are dropped).</summary>
    public int Count => _routes.Count;

    /// <summary>The target remembered for this sender in this room, or null (never known, expired or cleared).</summary>
    public PeerRecord? Find(string roomId, string fromPeer, string toPeer, DateTimeOffset now)
    {
        var key = new RouteKey(roomId, fromPeer, toPeer);
        if (!_routes.TryGetValue(key, out var route))
        {
            return null;
        }
        if (route.Expires <= now)
        {
            _routes.TryRemove(new KeyValuePair<RouteKey, Route>(key, route));
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
        if (_routes.Count >= _capacity)
        {
            DropExpired(now);
            if (_routes.Count >= _capacity)
            {
                _routes.Clear();
            }
        }
        _routes[new RouteKey(roomId, fromPeer, target.PeerId)] = new Route(target, expires);
    }

    /// <summary>Forgets every route of a room: a peer of it left, was evicted or disconnected here.</summary>
    public void ForgetRoom(string roomId)
    {
        foreach (var key in _routes.Keys)
        {
            if (key.RoomId == roomId)
            {
                _routes.TryRemove(key, out _);
            }
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (key, route) in _routes)
        {
            if (route.Expires <= now)
            {
                _routes.TryRemove(new KeyValuePair<RouteKey, Route>(key, route));
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private readonly record struct RouteKey(string RoomId, string FromPeer, string ToPeer);

    private sealed record Route(PeerRecord Target, DateTimeOffset Expires);
}
