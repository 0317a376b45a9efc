using EphemChat.Hosting;
using EphemChat.Hosting.Publishing;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>
/// Each Deployment's environment is the run-mode contract (<see cref="EnvironmentContract"/>) with Kubernetes
/// values: nothing a service reads is missing, and no address points at a loopback port.
/// </summary>
public sealed class EnvironmentTests
{
    public static TheoryData<string> Projects => ["identity", "rooms", "signaling", "matchmaking", "frontend", "gateway"];

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task EveryVariableTheServiceReadsInRunModeIsPresent(string name)
    {
        var manifests = await PublishedManifests.PublishAsync();
        var resource = manifests.Model[name];
        var runMode = RunModeEnvironment(manifests.Model, resource);

        var published = manifests.Environment(name);

        // Run mode lists every replica of a referenced service (services__signaling__http__1); one Kubernetes
        // Service fronts them all, so only index 0 remains.
        var perReplica = runMode.Keys.Where(IsReplicaAddressBeyondTheFirst).ToList();
        Assert.Equal(runMode.Keys.Except(perReplica).Order(), published.Keys.Intersect(runMode.Keys).Order());
        Assert.DoesNotContain(perReplica, published.ContainsKey);
        // What Kubernetes adds: the pod's name (the instance id) and, on the gateway, the proxies it trusts.
        Assert.All(published.Keys.Except(runMode.Keys), extra => Assert.True(
            extra == "POD_NAME" || (resource.IsExternal && extra.StartsWith("ForwardedHeaders__KnownNetworks__", StringComparison.Ordinal)),
            $"{name} has {extra}, which it does not get in run mode"));
    }

    [Fact]
    public async Task MultiReplicaReferencesCollapseIntoTheirService()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var gateway = manifests.Environment("gateway");

        Assert.Equal("http://signaling:8080", gateway["services__signaling__http__0"].Value);
        Assert.Equal("http://signaling:8081", gateway["services__signaling__grpc__0"].Value);
        Assert.False(gateway.ContainsKey("services__signaling__http__1"));
        Assert.Equal("http://signaling:8080", gateway["SIGNALING_HTTP"].Value);
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task ReferencesUseServiceNamesAndContainerPorts(string name)
    {
        var manifests = await PublishedManifests.PublishAsync();
        var resource = manifests.Model[name];

        var env = manifests.Environment(name);

        foreach (var reference in resource.References.OfType<ProjectResource>())
        {
            Assert.Equal($"http://{reference.Name}:8080", env[$"services__{reference.Name}__http__0"].Value);
            if (reference.GetEndpoint("grpc") is not null)
            {
                Assert.Equal($"http://{reference.Name}:8081", env[$"services__{reference.Name}__grpc__0"].Value);
                Assert.Equal($"http://{reference.Name}:8081", env[$"{reference.Name.ToUpperInvariant()}_GRPC"].Value);
            }
        }
    }

    [Fact]
    public async Task RoomsReachesIdentityAndSignalingByTheirServiceNames()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var rooms = manifests.Environment("rooms");

        Assert.Equal("http://identity:8081", rooms["services__identity__grpc__0"].Value);
        Assert.Equal("http://signaling:8081", rooms["services__signaling__grpc__0"].Value);
        Assert.False(rooms.ContainsKey("services__matchmaking__grpc__0"));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task ServicesListenOnEveryInterfaceOnTheirContainerPorts(string name)
    {
        var manifests = await PublishedManifests.PublishAsync();
        var resource = manifests.Model[name];

        var env = manifests.Environment(name);

        Assert.Equal("http://+:8080", env["ASPNETCORE_URLS"].Value);
        if (resource.Endpoints.Count > 1)
        {
            Assert.All(resource.Endpoints, e => Assert.Equal($"http://+:{e.TargetPort}", env[$"Kestrel__Endpoints__{e.Name}__Url"].Value));
            Assert.Equal("http://+:8081", env["Kestrel__Endpoints__grpc__Url"].Value);
        }
        else
        {
            Assert.DoesNotContain(env.Keys, k => k.StartsWith("Kestrel__", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public async Task TelemetryNamesTheServiceAndEachPod(string name)
    {
        var manifests = await PublishedManifests.PublishAsync();

        var container = manifests.Container(name);
        var env = manifests.Environment(name);

        Assert.Equal(name, env["OTEL_SERVICE_NAME"].Value);
        Assert.Equal("service.instance.id=$(POD_NAME)", env["OTEL_RESOURCE_ATTRIBUTES"].Value);
        // Kubernetes expands $(POD_NAME) only from a variable defined before it.
        Assert.Equal("POD_NAME", container.Env[0].Name);
        Assert.Equal("metadata.name", container.Env[0].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"].Value);
        Assert.False(env.ContainsKey("OTEL_EXPORTER_OTLP_ENDPOINT"));
    }

    [Fact]
    public async Task NoValueAnywherePointsAtALoopbackAddress()
    {
        var manifests = await PublishedManifests.PublishAsync(["--otlp-endpoint", "http://otel-collector.monitoring:4317"]);

        Assert.All(manifests.Files, file =>
        {
            Assert.DoesNotContain("127.0.0.1", file.Value, StringComparison.Ordinal);
            Assert.DoesNotContain("localhost", file.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ACollectorEndpointReachesEveryServiceThroughTheSharedSettings()
    {
        var manifests = await PublishedManifests.PublishAsync(["--otlp-endpoint", "http://otel-collector.monitoring:4317"]);

        Assert.All(manifests.Projects, p =>
        {
            var env = manifests.Environment(p.Name);
            Assert.Equal("http://otel-collector.monitoring:4317", env["OTEL_EXPORTER_OTLP_ENDPOINT"].Value);
            Assert.Equal("grpc", env["OTEL_EXPORTER_OTLP_PROTOCOL"].Value);
        });
    }

    [Theory]
    [InlineData("http://127.0.0.1:4317")]
    [InlineData("http://localhost:4317")]
    [InlineData("http://[::1]:4317")]
    public async Task ALoopbackCollectorIsRefusedBecauseAPodCannotReachIt(string endpoint)
    {
        var error = await Assert.ThrowsAsync<PublishingException>(() => PublishedManifests.PublishAsync(["--otlp-endpoint", endpoint]));

        Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheGatewayTrustsForwardedHeadersFromInClusterNetworksOnly()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var gateway = manifests.Environment("gateway");
        var rooms = manifests.Environment("rooms");

        Assert.Equal("10.0.0.0/8", gateway["ForwardedHeaders__KnownNetworks__0"].Value);
        Assert.Equal("172.16.0.0/12", gateway["ForwardedHeaders__KnownNetworks__1"].Value);
        Assert.Equal("192.168.0.0/16", gateway["ForwardedHeaders__KnownNetworks__2"].Value);
        Assert.DoesNotContain(rooms.Keys, k => k.StartsWith("ForwardedHeaders__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithEnvironmentValuesArePublishedAsTheyAre()
    {
        var manifests = await PublishedManifests.PublishAsync(change: model => model["rooms"].Environment["Rooms__MaxMembers"] = "12");

        Assert.Equal("12", manifests.Environment("rooms")["Rooms__MaxMembers"].Value);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3478")]
    [InlineData("localhost:6379,password=x")]
    [InlineData("127.0.0.1:6379")]
    public async Task AWithEnvironmentValuePointingAtThisMachineIsRefused(string value)
    {
        var error = await Assert.ThrowsAsync<PublishingException>(() =>
            PublishedManifests.PublishAsync(change: model => model["rooms"].Environment["Turn__Url"] = value));

        Assert.Contains("Turn__Url", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2130706433")]
    [InlineData("http://turn.example.net:3478")]
    public async Task AWithEnvironmentValueThatOnlyLooksNumericOrRemoteIsKept(string value)
    {
        var manifests = await PublishedManifests.PublishAsync(change: model => model["rooms"].Environment["Turn__Url"] = value);

        Assert.Equal(value, manifests.Environment("rooms")["Turn__Url"].Value);
    }

    /// <summary>The run-mode variables a service reads in a cluster too: all but those of local-only resources (TURN).</summary>
    internal static Dictionary<string, string> RunModeEnvironment(DistributedApplicationBuilder model, Resource resource) =>
        EnvironmentContract.For(resource, 0, ResourceAllocation.Allocate(model.Resources, randomizePorts: true), model.Options)
            .Where(v => !resource.LocalOnlyEnvironment.Contains(v.Key))
            .ToDictionary();

    private static bool IsReplicaAddressBeyondTheFirst(string key) =>
        key.StartsWith("services__", StringComparison.Ordinal) && !key.EndsWith("__0", StringComparison.Ordinal);
}
