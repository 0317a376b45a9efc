namespace EphemChat.Signaling.Hubs;

/// <summary>
/// The signal ids one connection sent recently, so a signal sent twice (a retry after a lost acknowledgement) is
/// relayed once. Bounded in time and in count: the oldest ids are forgotten first.
/// </summary>
public sealed class RecentSignalIds(TimeSpan window, int capacity)
{
    private readonly Dictionary<string, DateTimeOffset> _seenAt = new(StringComparer.Ordinal);
    private readonly Queue<(string Id, DateTimeOffset At)> _order = new();

    /// <summary>Records <paramref name="id"/>; false when it was already seen within the window.</summary>
    public bool TryRecord(string id, DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && (now - oldest.At >= window || _order.Count >= capacity))
        {
            _order.Dequeue();
            if (_seenAt.TryGetValue(oldest.Id, out var at) && at == oldest.At)
            {
                _seenAt.Remove(oldest.Id);
            }
        }
        if (_seenAt.TryGetValue(id, out var seen) && now - seen < window)
        {
            return false;
        }
        _seenAt[id] = now;
        _order.Enqueue((id, now));
        return true;
    }
}
