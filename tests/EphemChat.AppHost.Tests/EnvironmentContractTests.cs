using EphemChat.Hosting;
using EphemChat.Hosting.Testing;

namespace EphemChat.AppHost.Tests;

/// <summary>
/// The environment of every resource of the real AppHost model against the table in APPHOST.md: the names and
/// formats .NET Aspire passes, so that a move to Aspire (or Kubernetes) wires each service the same way.
/// </summary>
public sealed class EnvironmentContractTests
{
    private static readonly string[] s_everyProject =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_ENVIRONMENT", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_BSP_SCHEDULE_DELAY",
        "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_TRACES_SAMPLER", "LOGGING__CONSOLE__FORMATTERNAME",
        "DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION",
    ];

    [Theory]
    [InlineData("identity")]
    [InlineData("rooms")]
    [InlineData("matchmaking")]
    [InlineData("signaling")]
    [InlineData("frontend")]
    [InlineData("gateway")]
    public async Task EveryProjectGetsAspiresStandardVariables(string name)
    {
        var (builder, allocation) = await ModelAsync();
        var resource = builder[name];

        var env = EnvironmentContract.For(resource, 0, allocation, builder.Options);

        Assert.All(s_everyProject, key => Assert.True(env.ContainsKey(key), $"{name} lacks {key}"));
        Assert.Equal($"http://127.0.0.1:{allocation.Port(resource, "http")}", env["ASPNETCORE_URLS"]);
        Assert.Equal("Development", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(name, env["OTEL_SERVICE_NAME"]);
        Assert.Equal($"service.instance.id={name}-0", env["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("1000", env["OTEL_BSP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_BLRP_SCHEDULE_DELAY"]);
        Assert.Equal("1000", env["OTEL_METRIC_EXPORT_INTERVAL"]);
        Assert.Equal("always_on", env["OTEL_TRACES_SAMPLER"]);
        Assert.Equal("simple", env["LOGGING__CONSOLE__FORMATTERNAME"]);
        Assert.Equal("true", env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"]);
        // No collector configured: no exporter variables, so services do not wait on an endpoint that is not there.
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_PROTOCOL"));
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("rooms")]
    [InlineData("matchmaking")]
    [InlineData("signaling")]
    public async Task ServicesDeclareTheirHttpAndGrpcEndpointsByName(string name)
    {
        var (builder, allocation) = await ModelAsync();
        var resource = builder[name];

        var env = EnvironmentContract.For(resource, 0, allocation, builder.Options);

        Assert.Equal($"http://127.0.0.1:{allocation.Port(resource, "http")}", env["Kestrel__Endpoints__http__Url"]);
        Assert.Equal($"http://127.0.0.1:{allocation.Port(resource, "grpc")}", env["Kestrel__Endpoints__grpc__Url"]);
        Assert.NotEqual(allocation.Port(resource, "http"), allocation.Port(resource, "grpc"));
    }

    [Theory]
    [InlineData("identity")]
    [InlineData("rooms")]
    [InlineData("matchmaking")]
    [InlineData("signaling")]
    public async Task StoreReferenceGivesConnectionStringHostPortAndUri(string name)
    {
        var (builder, allocation) = await ModelAsync();
        var redis = (RedisResource)builder["redis"];
        var port = allocation.Port(redis, "tcp");

        var env = EnvironmentContract.For(builder[name], 0, allocation, builder.Options);

        Assert.Equal($"127.0.0.1:{port}", env["ConnectionStrings__redis"]);
        Assert.Equal("127.0.0.1", env["REDIS_HOST"]);
        Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), env["REDIS_PORT"]);
        Assert.Equal($"redis://127.0.0.1:{port}", env["REDIS_URI"]);
    }

    [Fact]
    public async Task ProjectReferenceListsEveryEndpointOfEveryReplica()
    {
        var (builder, allocation) = await ModelAsync();
        var signaling = builder["signaling"];

        var env = EnvironmentContract.For(builder["gateway"], 0, allocation, builder.Options);

        Assert.Equal(2, signaling.Replicas);
        for (var replica = 0; replica < 2; replica++)
        {
            Assert.Equal(allocation.Url(signaling, "http", replica), env[$"services__signaling__http__{replica}"]);
            Assert.Equal(allocation.Url(signaling, "grpc", replica), env[$"services__signaling__grpc__{replica}"]);
        }
        Assert.False(env.ContainsKey("services__signaling__http__2"));
        Assert.Equal(allocation.Url(signaling, "http"), env["SIGNALING_HTTP"]);
        Assert.Equal(allocation.Url(builder["identity"], "http"), env["services__identity__http__0"]);
        Assert.Equal(allocation.Url(builder["frontend"], "http"), env["services__frontend__http__0"]);
        Assert.Equal(allocation.Url(builder["identity"], "grpc"), env["IDENTITY_GRPC"]);
    }

    [Fact]
    public async Task EachReplicaHasItsOwnPortsAndInstanceId()
    {
        var (builder, allocation) = await ModelAsync();
        var signaling = builder["signaling"];

        var first = EnvironmentContract.For(signaling, 0, allocation, builder.Options);
        var second = EnvironmentContract.For(signaling, 1, allocation, builder.Options);

        Assert.NotEqual(first["ASPNETCORE_URLS"], second["ASPNETCORE_URLS"]);
        Assert.Equal("service.instance.id=signaling-1", second["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public async Task SignalingAllowsExactlyTheGatewaysOriginForItsHub()
    {
        var (builder, allocation) = await ModelAsync();
        var port = allocation.Port(builder["gateway"], "http");

        var env = EnvironmentContract.For(builder["signaling"], 1, allocation, builder.Options);

        Assert.Equal($"http://localhost:{port}", env["Signaling__AllowedOrigins__0"]);
        Assert.Equal($"http://127.0.0.1:{port}", env["Signaling__AllowedOrigins__1"]);
    }

    [Fact]
    public async Task OtlpVariablesAppearWhenACollectorIsConfigured()
    {
        var (builder, allocation) = await ModelAsync(["--otlp-endpoint", "http://127.0.0.1:4317"]);

        var env = EnvironmentContract.For(builder["rooms"], 0, allocation, builder.Options);

        Assert.Equal("http://127.0.0.1:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"]);
    }

    [Theory]
    [InlineData("rooms", "ROOMS")]
    [InlineData("my-service.v2", "MY_SERVICE_V2")]
    [InlineData("a b", "A_B")]
    public void NamesBecomeVariablePrefixesAsAspireMakesThem(string name, string expected) =>
        Assert.Equal(expected, EnvironmentContract.EnvironmentName(name));

    [Fact]
    public async Task ResourcesWithoutAReferenceGetNoAddressOfIt()
    {
        var (builder, allocation) = await ModelAsync();

        var env = EnvironmentContract.For(builder["frontend"], 0, allocation, builder.Options);

        Assert.DoesNotContain(env.Keys, key => key.StartsWith("services__", StringComparison.Ordinal));
        Assert.False(env.ContainsKey("ConnectionStrings__redis"));
    }

    private static async Task<(DistributedApplicationBuilder Builder, ResourceAllocation Allocation)> ModelAsync(string[]? args = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(args);
        return (builder, ResourceAllocation.Allocate(builder.Resources, randomizePorts: true));
    }
}
