using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace EphemChat.Dashboard.Tests;

/// <summary>
/// A small instrumented program using OpenTelemetry's real OTLP exporter (the one every service uses), over gRPC or
/// http/protobuf: one span, a log record inside it, a counter and a histogram, all flushed on dispose.
/// </summary>
internal sealed class OtlpProbe : IDisposable
{
    private readonly string _name;
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;
    private readonly ILoggerFactory _logging;
    private readonly ActivitySource _source;
    private readonly Meter _meter;

    public OtlpProbe(string serviceName, string endpoint, OtlpExportProtocol protocol)
    {
        _name = serviceName;
        _source = new ActivitySource(serviceName);
        _meter = new Meter(serviceName);
        var resource = ResourceBuilder.CreateEmpty().AddService(serviceName, serviceInstanceId: serviceName + "-0");

        Uri For(string signal) => protocol == OtlpExportProtocol.Grpc ? new Uri(endpoint) : new Uri($"{endpoint}/v1/{signal}");

        _tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(serviceName)
            .AddOtlpExporter(o => (o.Endpoint, o.Protocol) = (For("traces"), protocol))
            .Build();
        _metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(serviceName)
            .AddOtlpExporter((o, reader) =>
            {
                (o.Endpoint, o.Protocol) = (For("metrics"), protocol);
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
            })
            .Build();
        _logging = LoggerFactory.Create(logging => logging.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.IncludeFormattedMessage = true;
            o.AddOtlpExporter(e => (e.Endpoint, e.Protocol) = (For("logs"), protocol));
        }));
    }

    /// <summary>Records one operation; returns its trace id.</summary>
    public string Run(int answer)
    {
        var requests = _meter.CreateCounter<long>("probe.requests");
        var duration = _meter.CreateHistogram<double>("probe.duration", unit: "ms");
        var queue = _meter.CreateUpDownCounter<long>("probe.queue.length");
        using var activity = _source.StartActivity("probe operation", ActivityKind.Server)!;
        activity.SetTag("probe.answer", answer);
        _logging.CreateLogger("Probe.Category").LogWarning("Probe says hello {Answer}", answer);
        requests.Add(3, new KeyValuePair<string, object?>("route", "/a"));
        requests.Add(2, new KeyValuePair<string, object?>("route", "/b"));
        duration.Record(12.5);
        queue.Add(7);
        return activity.TraceId.ToHexString();
    }

    public void Dispose()
    {
        // Dispose flushes: traces, metrics and logs are exported now.
        _tracing.Dispose();
        _metrics.Dispose();
        _logging.Dispose();
        _source.Dispose();
        _meter.Dispose();
    }

    public override string ToString() => _name;
}
