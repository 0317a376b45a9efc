using EphemChat.Hosting.Dashboard;

namespace EphemChat.Dashboard.Tests;

/// <summary>A dashboard with no application behind it, on free ports: the OTLP receiver and the telemetry pages.</summary>
internal static class StandaloneDashboard
{
    public static async Task<DashboardHost> StartAsync(
        Action<DashboardOptions>? configure = null, string? forwardTo = null, string forwardProtocol = "grpc", TimeProvider? time = null)
    {
        var options = new DashboardOptions { Enabled = true, Port = 0, OtlpGrpcPort = 0, OtlpHttpPort = 0 };
        configure?.Invoke(options);
        var dashboard = new DashboardHost(options, NoResources.Instance, forwardTo, forwardProtocol, time);
        await dashboard.StartAsync();
        return dashboard;
    }
}
