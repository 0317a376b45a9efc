namespace EphemChat.Hosting.Dashboard.Telemetry;

/// <summary>Who sent a signal: <c>service.name</c> (the resource) and <c>service.instance.id</c> (the replica).</summary>
internal sealed record TelemetrySource(string Service, string Instance);

/// <summary>One attribute, its value already rendered as text for display and search.</summary>
internal readonly record struct Attribute(string Key, string Value);

/// <summary>A finished span as the dashboard shows it.</summary>
internal sealed record SpanRecord(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    TelemetrySource Source,
    string Scope,
    long StartUnixNano,
    long EndUnixNano,
    SpanStatus Status,
    string? StatusMessage,
    IReadOnlyList<Attribute> Attributes,
    IReadOnlyList<SpanEventRecord> Events)
{
    public double DurationMilliseconds => Math.Max(0, EndUnixNano - StartUnixNano) / 1_000_000.0;
}

/// <summary>A span's outcome.</summary>
internal enum SpanStatus
{
    Unset,
    Ok,
    Error,
}

/// <summary>A timestamped annotation of a span (an exception, for example).</summary>
internal sealed record SpanEventRecord(string Name, long TimeUnixNano, IReadOnlyList<Attribute> Attributes);

/// <summary>A structured log record.</summary>
internal sealed record LogEntry(
    long Sequence,
    long TimeUnixNano,
    int Severity,
    string SeverityText,
    TelemetrySource Source,
    string Category,
    string Message,
    IReadOnlyList<Attribute> Attributes,
    string? TraceId,
    string? SpanId);

/// <summary>What kind of instrument a metric came from, which decides how it is charted.</summary>
internal enum MetricKind
{
    Gauge,
    MonotonicSum,
    Sum,
    Histogram,
    Summary,
}

/// <summary>
/// One time series: an instrument of one replica with one set of attribute values. Points refer to it, so its
/// strings are stored once however many points arrive.
/// </summary>
internal sealed record MetricSeries(
    TelemetrySource Source,
    string Meter,
    string Name,
    string Unit,
    string Description,
    MetricKind Kind,
    bool IsDelta,
    string AttributesKey)
{
    /// <summary>Points of this series still in the store; at 0 the series is forgotten.</summary>
    public int PointCount { get; set; }
}

/// <summary>
/// One data point: the value of a gauge or sum, or the count (and sum) of a histogram or summary.
/// <see cref="StartUnixNano"/> matters for delta temporality.
/// </summary>
internal readonly record struct MetricPoint(MetricSeries Series, long StartUnixNano, long TimeUnixNano, double Value, double Sum);
