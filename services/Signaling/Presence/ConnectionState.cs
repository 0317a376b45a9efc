using EphemChat.Signaling.Hubs;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// One hub connection on this replica: who it is, the peer id it has in every room it entered, and its limits.
/// The store holds the same facts for the other replicas; this copy is what the heartbeat refreshes.
/// </summary>
public sealed class ConnectionState(
    string connectionId, string userId, string name, string peerId, TokenBucket bucket, RecentSignalIds recentSignals, Action abort)
{
    private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);

    public string ConnectionId { get; } = connectionId;

    public string UserId { get; } = userId;

    public string Name { get; } = name;

    public string PeerId { get; } = peerId;

    /// <summary>Guards the rooms, the bucket and the recent ids: hub calls of one connection may overlap.</summary>
    public Lock Gate { get; } = new();

    public TokenBucket Bucket { get; } = bucket;

    public RecentSignalIds RecentSignals { get; } = recentSignals;

    /// <summary>Closes the connection; its client reconnects and enters its rooms again.</summary>
    public void Abort() => abort();

    public bool IsIn(string roomId)
    {
        lock (Gate)
        {
            return _rooms.Contains(roomId);
        }
    }

    /// <summary>Adds a room unless the connection is already in <paramref name="limit"/> rooms.</summary>
    public RoomEntry TryEnter(string roomId, int limit)
    {
        lock (Gate)
        {
            if (_rooms.Contains(roomId))
            {
                return RoomEntry.AlreadyIn;
            }
            if (_rooms.Count >= limit)
            {
                return RoomEntry.TooMany;
            }
            _rooms.Add(roomId);
            return RoomEntry.Entered;
        }
    }

    public bool Leave(string roomId)
    {
        lock (Gate)
        {
            return _rooms.Remove(roomId);
        }
    }

    public string[] Rooms()
    {
        lock (Gate)
        {
            return [.. _rooms];
        }
    }
}

/// <summary>The outcome of <see cref="ConnectionState.TryEnter"/>.</summary>
public enum RoomEntry
{
    Entered,
    AlreadyIn,
    TooMany,
}
