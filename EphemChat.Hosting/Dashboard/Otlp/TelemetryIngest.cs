using EphemChat.Hosting.Dashboard.Otlp.Collector.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Trace;
using EphemChat.Hosting.Dashboard.Otlp.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Trace;
using EphemChat.Hosting.Dashboard.Telemetry;

namespace EphemChat.Hosting.Dashboard.Otlp;

/// <summary>
/// Where every OTLP request ends, whichever transport brought it: decoded into the bounded stores and, when an
/// external collector is configured, handed unchanged to the forwarder.
/// </summary>
internal sealed class TelemetryIngest(TelemetryStores stores, OtlpForwarder? forwarder)
{
    public TelemetryStores Stores { get; } = stores;

    public void Accept(ExportTraceServiceRequest request)
    {
        forwarder?.Enqueue(request);
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var source = OtlpValues.Source(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scope = scopeSpans.Scope?.Name ?? "";
                foreach (var span in scopeSpans.Spans)
                {
                    if (OtlpValues.Id(span.TraceId) is not { } traceId || OtlpValues.Id(span.SpanId) is not { } spanId)
                    {
                        continue;
                    }
                    spans.Add(new SpanRecord(
                        traceId,
                        spanId,
                        OtlpValues.Id(span.ParentSpanId),
                        span.Name,
                        Kind(span.Kind),
                        source,
                        scope,
                        OtlpValues.Nanos(span.StartTimeUnixNano),
                        OtlpValues.Nanos(span.EndTimeUnixNano),
                        span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => SpanStatus.Error,
                            Status.Types.StatusCode.Ok => SpanStatus.Ok,
                            _ => SpanStatus.Unset,
                        },
                        string.IsNullOrEmpty(span.Status?.Message) ? null : span.Status.Message,
                        OtlpValues.Attributes(span.Attributes),
                        [.. span.Events.Select(e => new SpanEventRecord(e.Name, OtlpValues.Nanos(e.TimeUnixNano), OtlpValues.Attributes(e.Attributes)))]));
                }
            }
        }
        Stores.Spans.Add(spans);
    }

    public void Accept(ExportLogsServiceRequest request)
    {
        forwarder?.Enqueue(request);
        var records = new List<(TelemetrySource Source, string Category, Logs.LogRecord Record)>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var source = OtlpValues.Source(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var category = scopeLogs.Scope?.Name ?? "";
                records.AddRange(scopeLogs.LogRecords.Select(r => (source, category, r)));
            }
        }
        Stores.Logs.Add(records, (r, sequence) => new LogEntry(
            sequence,
            OtlpValues.Nanos(r.Record.TimeUnixNano != 0 ? r.Record.TimeUnixNano : r.Record.ObservedTimeUnixNano),
            (int)r.Record.SeverityNumber,
            string.IsNullOrEmpty(r.Record.SeverityText) ? SeverityName((int)r.Record.SeverityNumber) : r.Record.SeverityText,
            r.Source,
            r.Category,
            OtlpValues.Text(r.Record.Body),
            OtlpValues.Attributes(r.Record.Attributes),
            OtlpValues.Id(r.Record.TraceId),
            OtlpValues.Id(r.Record.SpanId)));
    }

    public void Accept(ExportMetricsServiceRequest request)
    {
        forwarder?.Enqueue(request);
        var points = new List<MetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var source = OtlpValues.Source(resourceMetrics.Resource);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var meter = scopeMetrics.Scope?.Name ?? "";
                foreach (var metric in scopeMetrics.Metrics)
                {
                    AddPoints(points, source, meter, metric);
                }
            }
        }
        Stores.Metrics.Add(points);
    }

    /// <summary>The name of the first severity number of each OTLP range (9..12 is Information, ...).</summary>
    public static string SeverityName(int severity) => severity switch
    {
        >= 21 => "Critical",
        >= 17 => "Error",
        >= 13 => "Warning",
        >= 9 => "Information",
        >= 5 => "Debug",
        >= 1 => "Trace",
        _ => "Unspecified",
    };

    private void AddPoints(List<MetricPoint> points, TelemetrySource source, string meter, Metric metric)
    {
        MetricSeries Series(MetricKind kind, bool isDelta, Google.Protobuf.Collections.RepeatedField<Common.KeyValue> attributes) =>
            Stores.Metrics.GetOrAddSeries(source, meter, metric.Name, metric.Unit, metric.Description, kind, isDelta, OtlpValues.AttributesKey(attributes));

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                points.AddRange(metric.Gauge.DataPoints.Select(p =>
                    new MetricPoint(Series(MetricKind.Gauge, false, p.Attributes), OtlpValues.Nanos(p.StartTimeUnixNano), OtlpValues.Nanos(p.TimeUnixNano), Number(p), 0)));
                break;
            case Metric.DataOneofCase.Sum:
                var sumKind = metric.Sum.IsMonotonic ? MetricKind.MonotonicSum : MetricKind.Sum;
                var sumDelta = metric.Sum.AggregationTemporality == AggregationTemporality.Delta;
                points.AddRange(metric.Sum.DataPoints.Select(p =>
                    new MetricPoint(Series(sumKind, sumDelta, p.Attributes), OtlpValues.Nanos(p.StartTimeUnixNano), OtlpValues.Nanos(p.TimeUnixNano), Number(p), 0)));
                break;
            case Metric.DataOneofCase.Histogram:
                var histogramDelta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta;
                points.AddRange(metric.Histogram.DataPoints.Select(p =>
                    new MetricPoint(Series(MetricKind.Histogram, histogramDelta, p.Attributes), OtlpValues.Nanos(p.StartTimeUnixNano), OtlpValues.Nanos(p.TimeUnixNano), p.Count, p.HasSum ? p.Sum : 0)));
                break;
            case Metric.DataOneofCase.ExponentialHistogram:
                var exponentialDelta = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta;
                points.AddRange(metric.ExponentialHistogram.DataPoints.Select(p =>
                    new MetricPoint(Series(MetricKind.Histogram, exponentialDelta, p.Attributes), OtlpValues.Nanos(p.StartTimeUnixNano), OtlpValues.Nanos(p.TimeUnixNano), p.Count, p.HasSum ? p.Sum : 0)));
                break;
            case Metric.DataOneofCase.Summary:
                points.AddRange(metric.Summary.DataPoints.Select(p =>
                    new MetricPoint(Series(MetricKind.Summary, false, p.Attributes), OtlpValues.Nanos(p.StartTimeUnixNano), OtlpValues.Nanos(p.TimeUnixNano), p.Count, p.Sum)));
                break;
        }
    }

    private static double Number(NumberDataPoint point) =>
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;

    private static string Kind(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        _ => "internal",
    };
}

/// <summary>The three bounded stores of one dashboard.</summary>
internal sealed class TelemetryStores(DashboardOptions options)
{
    public SpanStore Spans { get; } = new(options.MaxSpans);

    public LogStore Logs { get; } = new(options.MaxLogRecords);

    public MetricStore Metrics { get; } = new(options.MaxMetricPoints);
}
