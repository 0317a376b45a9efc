namespace EphemChat.Hosting.Dashboard.Telemetry;

/// <summary>
/// The newest <c>capacity</c> spans, indexed by trace. Adding past the capacity drops the oldest span received, so
/// memory stays bounded however much the system sends.
/// </summary>
internal sealed class SpanStore(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<SpanRecord> _spans = new();
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _spans.Count;
            }
        }
    }

    public void Add(IEnumerable<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                _spans.Enqueue(span);
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    _traces[span.TraceId] = trace = [];
                }
                trace.Add(span);
                while (_spans.Count > Capacity)
                {
                    Forget(_spans.Dequeue());
                }
            }
        }
    }

    /// <summary>Every stored span, oldest first.</summary>
    public IReadOnlyList<SpanRecord> Snapshot()
    {
        lock (_gate)
        {
            return [.. _spans];
        }
    }

    /// <summary>The stored spans of one trace, or an empty list.</summary>
    public IReadOnlyList<SpanRecord> GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var trace) ? [.. trace] : [];
        }
    }

    /// <summary>A summary of every stored trace.</summary>
    public IReadOnlyList<TraceSummary> Summaries()
    {
        List<SpanRecord[]> traces;
        lock (_gate)
        {
            traces = [.. _traces.Values.Select(t => t.ToArray())];
        }
        return [.. traces.Select(TraceSummary.From)];
    }

    private void Forget(SpanRecord span)
    {
        if (_traces.TryGetValue(span.TraceId, out var trace))
        {
            trace.Remove(span);
            if (trace.Count == 0)
            {
                _traces.Remove(span.TraceId);
            }
        }
    }
}

/// <summary>A line of the trace list.</summary>
internal sealed record TraceSummary(
    string TraceId,
    string Name,
    string RootService,
    long StartUnixNano,
    double DurationMilliseconds,
    int SpanCount,
    IReadOnlyList<string> Services,
    int ErrorCount)
{
    public static TraceSummary From(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root is the earliest span whose parent is not here (a trace may still be missing its true root).
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).MinBy(s => s.StartUnixNano)
            ?? spans.MinBy(s => s.StartUnixNano)!;
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(
            root.TraceId,
            root.Name,
            root.Source.Service,
            start,
            Math.Max(0, end - start) / 1_000_000.0,
            spans.Count,
            [.. spans.OrderBy(s => s.StartUnixNano).Select(s => s.Source.Service).Distinct(StringComparer.Ordinal)],
            spans.Count(s => s.Status == SpanStatus.Error));
    }
}
