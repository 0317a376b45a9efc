namespace EphemChat.Hosting.Orchestration;

/// <summary>The newest lines a replica wrote, kept in a bounded ring so a chatty process cannot grow memory.</summary>
public sealed class LogBuffer(int capacity = 2_000)
{
    private readonly Queue<LogLine> _lines = new();
    private long _sequence;

    /// <summary>Raised for every line, after it is stored.</summary>
    public event Action<LogLine>? LineWritten;

    /// <summary>Stores a line.</summary>
    public void Write(string text, bool isError)
    {
        LogLine line;
        lock (_lines)
        {
            line = new LogLine(++_sequence, DateTimeOffset.UtcNow, text, isError);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }
        LineWritten?.Invoke(line);
    }

    /// <summary>The stored lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }
}

/// <summary>One line of a replica's output.</summary>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, string Text, bool IsError);
