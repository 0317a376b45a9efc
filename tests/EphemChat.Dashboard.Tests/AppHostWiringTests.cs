using System.ComponentModel.DataAnnotations;
using EphemChat.Hosting;
using EphemChat.Hosting.Testing;

namespace EphemChat.Dashboard.Tests;

/// <summary>How the AppHost's command line turns the dashboard on or off and where services send telemetry.</summary>
public sealed class AppHostWiringTests
{
    private const string External = "http://127.0.0.1:4317";

    [Fact]
    public void RunModeHasTheDashboardOnWithAspiresPortsAndDefaultLimits()
    {
        var builder = RunModeBuilder();

        Assert.True(builder.Options.Dashboard.Enabled);
        Assert.Equal(18888, builder.Options.Dashboard.Port);
        Assert.Equal(18889, builder.Options.Dashboard.OtlpGrpcPort);
        Assert.Equal(10_000, builder.Options.Dashboard.MaxSpans);
    }

    [Fact]
    public void NoDashboardTurnsItOffWithoutSwallowingTheNextOption()
    {
        var builder = RunModeBuilder("--no-dashboard", "--redis", "redis-server");

        Assert.False(builder.Options.Dashboard.Enabled);
        Assert.Equal("redis-server", builder.Configuration["redis"]);
    }

    [Fact]
    public void DashboardMaxItemsSetsTheLimitOfEverySignal()
    {
        var builder = RunModeBuilder("--dashboard-max-items", "50");

        Assert.Equal(50, builder.Options.Dashboard.MaxSpans);
        Assert.Equal(50, builder.Options.Dashboard.MaxLogRecords);
        Assert.Equal(50, builder.Options.Dashboard.MaxMetricPoints);
    }

    [Fact]
    public async Task TheTestingBuilderLeavesTheDashboardOff()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        await using var app = builder.Build();

        Assert.False(builder.Options.Dashboard.Enabled);
        Assert.Null(app.DashboardUrl);
    }

    [Fact]
    public async Task WithTheDashboardServicesExportToItAndAnOtlpEndpointGetsACopy()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--otlp-endpoint", External]);
        builder.Options.Dashboard.Enabled = true;

        await using var app = builder.Build();
        var environment = app.EnvironmentFor(builder["identity"], 0);

        Assert.Equal(app.Dashboard!.OtlpGrpcEndpoint, environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
        Assert.Equal(External, app.Dashboard.Forwarder?.Endpoint);
        Assert.StartsWith("http://localhost:", app.DashboardLoginUrl);
        Assert.Contains("/login?t=", app.DashboardLoginUrl);
    }

    [Fact]
    public async Task WithoutTheDashboardServicesExportStraightToTheOtlpEndpoint()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--otlp-endpoint", External, "--otlp-protocol", "http/protobuf"]);

        await using var app = builder.Build();
        var environment = app.EnvironmentFor(builder["rooms"], 0);

        Assert.Equal(External, environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http/protobuf", environment["OTEL_EXPORTER_OTLP_PROTOCOL"]);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public async Task TheSmallestItemLimitIsOneAndZeroIsRefusedAtStart(int maxItems, bool accepted)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--dashboard-max-items", $"{maxItems}"]);
        builder.Options.Dashboard.Enabled = true;

        var error = Record.Exception(() => builder.Build().DisposeAsync().AsTask().GetAwaiter().GetResult());

        if (accepted)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.Contains(nameof(builder.Options.Dashboard.MaxSpans), Assert.IsType<ValidationException>(error).Message);
        }
    }

    private static DistributedApplicationBuilder RunModeBuilder(params string[] args) =>
        new(args, Path.Combine(Path.GetTempPath(), "no-apphost-" + Guid.NewGuid().ToString("N")), "Debug");
}
