using EphemChat.Hosting.Dashboard.Otlp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary><c>/api/telemetry</c>: how much each store holds against its limit, and where telemetry is forwarded.</summary>
internal static class TelemetryStatusApi
{
    public static RouteHandlerBuilder MapTelemetryStatusApi(this RouteGroupBuilder api) => api.MapGet("/telemetry",
        (TelemetryStores stores, DashboardHost host) => TypedResults.Ok(new TelemetryStatusDto(
            new StoreDto(stores.Spans.Count, stores.Spans.Capacity),
            new StoreDto(stores.Logs.Count, stores.Logs.Capacity),
            new StoreDto(stores.Metrics.Count, stores.Metrics.Capacity),
            host.OtlpGrpcEndpoint,
            host.OtlpHttpEndpoint,
            host.Forwarder?.Endpoint)));
}

/// <summary>The dashboard's memory and endpoints.</summary>
internal sealed record TelemetryStatusDto(
    StoreDto Spans, StoreDto Logs, StoreDto MetricPoints, string OtlpGrpcEndpoint, string OtlpHttpEndpoint, string? ForwardingTo);

/// <summary>Items held and the most kept.</summary>
internal sealed record StoreDto(int Count, int Capacity);
