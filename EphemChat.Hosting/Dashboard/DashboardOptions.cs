using System.ComponentModel.DataAnnotations;

namespace EphemChat.Hosting.Dashboard;

/// <summary>
/// The developer dashboard served by the AppHost: where it listens and how much telemetry it keeps. Bound from the
/// AppHost configuration section <c>Dashboard</c>; <c>--dashboard-max-items N</c> sets every limit to N and
/// <c>--no-dashboard</c> turns it off.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dashboard";

    /// <summary>Serve the dashboard and receive OTLP (on in run mode, off under the testing builder).</summary>
    public bool Enabled { get; set; }

    /// <summary>The web UI's loopback port (HTTP/1.1); 0 picks a free one.</summary>
    [Range(0, 65_535)]
    public int Port { get; set; } = 18888;

    /// <summary>The OTLP/gRPC receiver's loopback port (cleartext HTTP/2); 0 picks a free one.</summary>
    [Range(0, 65_535)]
    public int OtlpGrpcPort { get; set; } = 18889;

    /// <summary>The OTLP/HTTP receiver's loopback port (<c>POST /v1/traces</c> ..., HTTP/1.1); 0 picks a free one.</summary>
    [Range(0, 65_535)]
    public int OtlpHttpPort { get; set; } = 18890;

    /// <summary>The newest spans kept; older ones are dropped.</summary>
    [Range(1, 10_000_000)]
    public int MaxSpans { get; set; } = 10_000;

    /// <summary>The newest structured log records kept.</summary>
    [Range(1, 10_000_000)]
    public int MaxLogRecords { get; set; } = 10_000;

    /// <summary>The newest metric data points kept (about five minutes of the whole system at 1 s exports).</summary>
    [Range(1, 10_000_000)]
    public int MaxMetricPoints { get; set; } = 200_000;

    /// <summary>The largest OTLP request accepted, in bytes (the gRPC receive limit and the HTTP body limit).</summary>
    [Range(1_024, 256 * 1024 * 1024)]
    public int MaxOtlpMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The most rows one list call returns (traces, structured logs).</summary>
    [Range(1, 100_000)]
    public int MaxListItems { get; set; } = 500;

    /// <summary>The longest metrics window a chart may ask for, in minutes.</summary>
    [Range(1, 24 * 60)]
    public int MaxMetricsWindowMinutes { get; set; } = 60;

    /// <summary>Batches waiting to be forwarded to the external collector; beyond this the oldest are dropped.</summary>
    [Range(1, 100_000)]
    public int ForwardQueueCapacity { get; set; } = 1_000;

    /// <summary>Console lines buffered for one live stream before the slowest browser loses the oldest.</summary>
    [Range(1, 1_000_000)]
    public int ConsoleStreamCapacity { get; set; } = 5_000;

    /// <summary>Sets every item limit (spans, log records, metric points) to <paramref name="maxItems"/>.</summary>
    public void SetMaxItems(int maxItems)
    {
        MaxSpans = maxItems;
        MaxLogRecords = maxItems;
        MaxMetricPoints = maxItems;
    }
}
