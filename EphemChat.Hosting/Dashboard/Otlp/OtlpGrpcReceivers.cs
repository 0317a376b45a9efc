using EphemChat.Hosting.Dashboard.Otlp.Collector.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Trace;
using Grpc.Core;

namespace EphemChat.Hosting.Dashboard.Otlp;

/// <summary>OTLP/gRPC <c>TraceService/Export</c>: what every service's exporter calls by default.</summary>
internal sealed class TraceReceiver(TelemetryIngest ingest) : TraceService.TraceServiceBase
{
    public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
    {
        ingest.Accept(request);
        return Task.FromResult(new ExportTraceServiceResponse());
    }
}

/// <summary>OTLP/gRPC <c>MetricsService/Export</c>.</summary>
internal sealed class MetricsReceiver(TelemetryIngest ingest) : MetricsService.MetricsServiceBase
{
    public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
    {
        ingest.Accept(request);
        return Task.FromResult(new ExportMetricsServiceResponse());
    }
}

/// <summary>OTLP/gRPC <c>LogsService/Export</c>.</summary>
internal sealed class LogsReceiver(TelemetryIngest ingest) : LogsService.LogsServiceBase
{
    public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        ingest.Accept(request);
        return Task.FromResult(new ExportLogsServiceResponse());
    }
}
