using OpenTelemetry.Exporter;

namespace EphemChat.Dashboard.Tests;

/// <summary><c>--otlp-endpoint</c> with the dashboard on: everything received also goes, unchanged, to the external collector.</summary>
public sealed class ForwardingTests
{
    [Theory]
    [InlineData("grpc")]
    [InlineData("http/protobuf")]
    public async Task EverySignalReceivedIsForwardedToTheExternalCollector(string protocol)
    {
        // The "external collector" is another receiver: it decodes what arrives, so the copy is checked whole.
        await using var collector = await StandaloneDashboard.StartAsync();
        var collectorEndpoint = protocol == "grpc" ? collector.OtlpGrpcEndpoint : collector.OtlpHttpEndpoint;
        await using var dashboard = await StandaloneDashboard.StartAsync(forwardTo: collectorEndpoint, forwardProtocol: protocol);
        using var collectorClient = await DashboardClient.LoggedInAsync(collector);

        string traceId;
        using (var probe = new OtlpProbe("forwarded", dashboard.OtlpGrpcEndpoint, OtlpExportProtocol.Grpc))
        {
            traceId = probe.Run(answer: 7);
        }

        var traces = await DashboardClient.EventuallyAsync(() => collectorClient.GetJsonAsync("/api/traces?resource=forwarded"),
            t => t.GetProperty("total").GetInt32() > 0);
        var logs = await DashboardClient.EventuallyAsync(() => collectorClient.GetJsonAsync("/api/logs/structured?resource=forwarded"),
            l => l.GetProperty("total").GetInt32() > 0);
        var instruments = await DashboardClient.EventuallyAsync(() => collectorClient.GetJsonAsync("/api/metrics/instruments"),
            i => i.GetArrayLength() > 0);
        Assert.Equal(traceId, Assert.Single(traces.GetProperty("items").EnumerateArray()).GetProperty("traceId").GetString());
        Assert.Equal("Probe says hello 7", Assert.Single(logs.GetProperty("items").EnumerateArray()).GetProperty("message").GetString());
        Assert.Contains(instruments.EnumerateArray(), i => i.GetProperty("name").GetString() == "probe.requests");
        Assert.Equal(collectorEndpoint, dashboard.Forwarder!.Endpoint);
    }
}
