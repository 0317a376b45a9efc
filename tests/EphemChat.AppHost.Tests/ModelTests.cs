using EphemChat.Hosting;
using EphemChat.Hosting.Testing;

namespace EphemChat.AppHost.Tests;

public sealed class ModelTests
{
    [Fact]
    public async Task TheModelDeclaresEveryResourceOfTheArchitecture()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        Assert.Equal(
            ["redis", "identity", "rooms", "signaling", "matchmaking", "frontend", "gateway"],
            builder.Resources.Where(r => r.Name != "turn").Select(r => r.Name));
    }

    [Fact]
    public async Task SignalingRunsTwoReplicasByDefault()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        Assert.Equal(2, builder["signaling"].Replicas);
    }

    [Fact]
    public async Task TheGatewayIsTheOnlyExternalResourceAndListensOn8080()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        var external = Assert.Single(builder.Resources, r => r.IsExternal);
        Assert.Equal("gateway", external.Name);
        Assert.Equal(8080, external.GetEndpoint("http")!.Port);
    }

    [Fact]
    public async Task TheGatewayPortIsConfigurable()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--gateway-port", "9090"]);

        Assert.Equal(9090, builder["gateway"].GetEndpoint("http")!.Port);
    }

    [Fact]
    public async Task TestsGetDynamicPortsEvenForTheGateway()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        var allocation = ResourceAllocation.Allocate(builder.Resources, builder.Options.RandomizePorts);

        Assert.NotEqual(8080, allocation.Port(builder["gateway"], "http"));
    }

    [Fact]
    public async Task ServicesWaitForTheStoreAndTheGatewayWaitsForEveryService()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        foreach (var service in new[] { "identity", "rooms", "matchmaking", "signaling" })
        {
            Assert.Contains(builder["redis"], builder[service].WaitsFor);
            Assert.Equal("/health", builder[service].HealthCheckPath);
        }
        Assert.Equal(
            ["identity", "matchmaking", "rooms", "signaling", "frontend"],
            builder["gateway"].WaitsFor.Select(r => r.Name));
    }

    [Theory]
    [InlineData(new string[0], RedisMode.Garnet)]
    [InlineData(new[] { "--redis", "garnet" }, RedisMode.Garnet)]
    [InlineData(new[] { "--redis", "redis-server" }, RedisMode.RedisServer)]
    [InlineData(new[] { "--redis-connection", "cache.example:6380,password=x" }, RedisMode.External)]
    public async Task TheStoreIsChosenByConfiguration(string[] args, RedisMode expected)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(args);

        Assert.Equal(expected, ((RedisResource)builder["redis"]).Mode);
    }

    [Fact]
    public async Task AnUnknownStoreIsAClearError()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DistributedApplicationTestingBuilder.CreateAsync<Program>(["--redis", "memcached"]));

        Assert.Contains("garnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExternalStoreConnectionStringReachesServicesAsIs()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--redis-connection", "cache.example:6380,password=x"]);
        var allocation = ResourceAllocation.Allocate(builder.Resources, true);

        var env = EnvironmentContract.For(builder["rooms"], 0, allocation, builder.Options);

        Assert.Equal("cache.example:6380,password=x", env["ConnectionStrings__redis"]);
        Assert.Equal("cache.example", env["REDIS_HOST"]);
        Assert.Equal("6380", env["REDIS_PORT"]);
    }
}
