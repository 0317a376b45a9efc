namespace EphemChat.Hosting.Dashboard.Telemetry;

/// <summary>The newest <c>capacity</c> structured log records; adding past it drops the oldest.</summary>
internal sealed class LogStore(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<LogEntry> _entries = new();
    private long _sequence;

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Stores records built by <paramref name="create"/>, which receives each record's sequence number.</summary>
    public void Add<T>(IEnumerable<T> records, Func<T, long, LogEntry> create)
    {
        lock (_gate)
        {
            foreach (var record in records)
            {
                _entries.Enqueue(create(record, ++_sequence));
                while (_entries.Count > Capacity)
                {
                    _entries.Dequeue();
                }
            }
        }
    }

    /// <summary>Every stored record, oldest first.</summary>
    public IReadOnlyList<LogEntry> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }
}
