using System.Collections.Concurrent;

namespace EphemChat.Signaling.Presence;

/// <summary>The hub connections of this replica, by connection id.</summary>
public sealed class LocalConnections
{
    private readonly ConcurrentDictionary<string, ConnectionState> _connections = new(StringComparer.Ordinal);

    public int Count => _connections.Count;

    public void Add(ConnectionState connection) => _connections[connection.ConnectionId] = connection;

    public bool TryRemove(string connectionId, out ConnectionState? connection) => _connections.TryRemove(connectionId, out connection);

    public ConnectionState? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public IReadOnlyCollection<ConnectionState> Snapshot() => [.. _connections.Values];
}
