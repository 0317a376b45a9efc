namespace EphemChat.Hosting.Dashboard.Telemetry;

/// <summary>
/// The newest <c>capacity</c> metric data points of every series; adding past it drops the oldest point, and a
/// series whose last point is dropped is forgotten, so memory stays bounded.
/// </summary>
internal sealed class MetricStore(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<MetricPoint> _points = new();
    private readonly Dictionary<SeriesKey, MetricSeries> _series = [];

    public int Capacity { get; } = capacity;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _points.Count;
            }
        }
    }

    /// <summary>The series these identity fields name, created when new.</summary>
    public MetricSeries GetOrAddSeries(
        TelemetrySource source, string meter, string name, string unit, string description, MetricKind kind, bool isDelta, string attributesKey)
    {
        var key = new SeriesKey(source, meter, name, attributesKey);
        lock (_gate)
        {
            if (!_series.TryGetValue(key, out var series) || series.Kind != kind || series.IsDelta != isDelta)
            {
                _series[key] = series = new MetricSeries(source, meter, name, unit, description, kind, isDelta, attributesKey);
            }
            return series;
        }
    }

    public void Add(IEnumerable<MetricPoint> points)
    {
        lock (_gate)
        {
            foreach (var point in points)
            {
                point.Series.PointCount++;
                _points.Enqueue(point);
                while (_points.Count > Capacity)
                {
                    var dropped = _points.Dequeue();
                    if (--dropped.Series.PointCount == 0)
                    {
                        var key = new SeriesKey(dropped.Series.Source, dropped.Series.Meter, dropped.Series.Name, dropped.Series.AttributesKey);
                        if (_series.TryGetValue(key, out var current) && ReferenceEquals(current, dropped.Series))
                        {
                            _series.Remove(key);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Every stored point, oldest first.</summary>
    public IReadOnlyList<MetricPoint> Snapshot()
    {
        lock (_gate)
        {
            return [.. _points];
        }
    }

    /// <summary>The stored points of the series <paramref name="match"/> accepts, oldest first.</summary>
    public IReadOnlyList<MetricPoint> Points(Func<MetricSeries, bool> match)
    {
        lock (_gate)
        {
            return [.. _points.Where(p => match(p.Series))];
        }
    }

    /// <summary>Every instrument that has points, with the resources reporting it.</summary>
    public IReadOnlyList<InstrumentInfo> Instruments()
    {
        lock (_gate)
        {
            return [.. _series.Values
                .GroupBy(s => (s.Meter, s.Name))
                .Select(g => new InstrumentInfo(
                    g.Key.Meter, g.Key.Name, g.First().Unit, g.First().Description, g.First().Kind,
                    [.. g.Select(s => s.Source.Service).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .ThenBy(i => i.Meter, StringComparer.Ordinal)];
        }
    }

    private readonly record struct SeriesKey(TelemetrySource Source, string Meter, string Name, string AttributesKey);
}

/// <summary>An instrument as the metrics picker lists it.</summary>
internal sealed record InstrumentInfo(string Meter, string Name, string Unit, string Description, MetricKind Kind, IReadOnlyList<string> Resources);
