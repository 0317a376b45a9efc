using EphemChat.Hosting.Dashboard.Otlp.Collector.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Trace;
using EphemChat.Hosting.Dashboard.Otlp.Common;
using EphemChat.Hosting.Dashboard.Otlp.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Trace;
using Google.Protobuf;

namespace EphemChat.Dashboard.Tests;

/// <summary>Hand-made OTLP requests for tests that need exact counts and timestamps (the wire format is the real one).</summary>
internal static class OtlpRequests
{
    public static ExportTraceServiceRequest Spans(string service, IEnumerable<string> names)
    {
        var scope = new ScopeSpans();
        var now = Nanos(DateTimeOffset.UtcNow);
        foreach (var name in names)
        {
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Guid.NewGuid().ToByteArray()),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes(Random.Shared.NextInt64(1, long.MaxValue))),
                Name = name,
                Kind = Span.Types.SpanKind.Internal,
                StartTimeUnixNano = now,
                EndTimeUnixNano = now + 1_000_000,
            });
        }
        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Resource(service), ScopeSpans = { scope } } } };
    }

    public static ExportLogsServiceRequest Logs(string service, IEnumerable<string> messages)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Tests" } };
        foreach (var message in messages)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = Nanos(DateTimeOffset.UtcNow),
                SeverityNumber = SeverityNumber.Info,
                Body = new AnyValue { StringValue = message },
            });
        }
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = Resource(service), ScopeLogs = { scope } } } };
    }

    /// <summary>One gauge point per value, one second apart, the last at <paramref name="end"/>.</summary>
    public static ExportMetricsServiceRequest Gauge(string service, string name, IReadOnlyList<double> values, DateTimeOffset end)
    {
        var gauge = new Gauge();
        for (var i = 0; i < values.Count; i++)
        {
            gauge.DataPoints.Add(new NumberDataPoint
            {
                TimeUnixNano = Nanos(end - TimeSpan.FromSeconds(values.Count - 1 - i)),
                AsDouble = values[i],
            });
        }
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = "Tests" }, Metrics = { new Metric { Name = name, Gauge = gauge } } };
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = Resource(service), ScopeMetrics = { scope } } } };
    }

    public static ByteArrayContent Content(IMessage request)
    {
        var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        return content;
    }

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time.ToUnixTimeMilliseconds() * 1_000_000);

    private static EphemChat.Hosting.Dashboard.Otlp.Resource.Resource Resource(string service) => new()
    {
        Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = service } } },
    };
}
