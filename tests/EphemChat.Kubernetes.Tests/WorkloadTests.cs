using EphemChat.Hosting;
using EphemChat.Hosting.Publishing;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>Each project's Deployment and Service agree with the model: names, replicas, ports, probes.</summary>
public sealed class WorkloadTests
{
    [Fact]
    public async Task EveryProjectHasADeploymentAndAServiceNamedAfterItsResource()
    {
        var manifests = await PublishedManifests.PublishAsync();

        Assert.Equal(
            ["identity", "rooms", "signaling", "matchmaking", "frontend", "gateway"],
            manifests.Projects.Select(p => p.Name));
        Assert.Equal(manifests.Projects.Select(p => p.Name).Order(), manifests.All<V1Deployment>().Select(d => d.Metadata.Name).Order());
        foreach (var project in manifests.Projects)
        {
            var deployment = manifests.Get<V1Deployment>(project.Name);
            var service = manifests.Get<V1Service>(project.Name);
            Assert.Equal(project.Name, deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/name"]);
            Assert.Equal(deployment.Spec.Selector.MatchLabels, service.Spec.Selector);
            Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
        }
    }

    [Fact]
    public async Task ReplicasComeFromTheModel()
    {
        var manifests = await PublishedManifests.PublishAsync();

        Assert.All(manifests.Projects, p => Assert.Equal(p.Replicas, manifests.Get<V1Deployment>(p.Name).Spec.Replicas));
        Assert.Equal(2, manifests.Get<V1Deployment>("signaling").Spec.Replicas);
    }

    [Fact]
    public async Task AChangeToTheModelShowsInTheManifests()
    {
        var manifests = await PublishedManifests.PublishAsync(change: model => model["rooms"].Replicas = 3);

        Assert.Equal(3, manifests.Get<V1Deployment>("rooms").Spec.Replicas);
        // Rooms now scales out: it gets an autoscaler and a budget that keeps one pod.
        Assert.Equal(3, manifests.Get<V2HorizontalPodAutoscaler>("rooms").Spec.MinReplicas);
        Assert.Equal("1", manifests.Get<V1PodDisruptionBudget>("rooms").Spec.MinAvailable.Value);
    }

    [Fact]
    public async Task ServicePortsAreTheModelsEndpointsOnTheirContainerPorts()
    {
        var manifests = await PublishedManifests.PublishAsync();

        foreach (var project in manifests.Projects)
        {
            var service = manifests.Get<V1Service>(project.Name);
            var container = manifests.Container(project.Name);
            Assert.Equal(project.Endpoints.Select(e => (e.Name, e.TargetPort)), service.Spec.Ports.Select(p => (p.Name, p.Port)));
            Assert.Equal(project.Endpoints.Select(e => (e.Name, e.TargetPort)), container.Ports.Select(p => (p.Name, p.ContainerPort)));
            Assert.All(service.Spec.Ports, p => Assert.Equal(p.Name, p.TargetPort.Value));
        }
    }

    [Theory]
    [InlineData("identity", new[] { "http:8080", "grpc:8081" })]
    [InlineData("rooms", new[] { "http:8080", "grpc:8081" })]
    [InlineData("signaling", new[] { "http:8080", "grpc:8081" })]
    [InlineData("matchmaking", new[] { "http:8080", "grpc:8081" })]
    [InlineData("frontend", new[] { "http:8080" })]
    [InlineData("gateway", new[] { "http:8080" })]
    public async Task ServicesExposeHttpOn8080AndGrpcOn8081(string name, string[] expected)
    {
        var manifests = await PublishedManifests.PublishAsync();

        var service = manifests.Get<V1Service>(name);

        Assert.Equal(expected, service.Spec.Ports.Select(p => $"{p.Name}:{p.Port}"));
        Assert.Equal("ClusterIP", service.Spec.Type);
        if (service.Spec.Ports.Count > 1)
        {
            Assert.Equal("kubernetes.io/h2c", service.Spec.Ports.Single(p => p.Name == "grpc").AppProtocol);
        }
    }

    [Fact]
    public async Task ReadinessIsTheModelsHealthCheckAndLivenessIsAliveOnTheHttpPort()
    {
        var manifests = await PublishedManifests.PublishAsync();

        foreach (var project in manifests.Projects)
        {
            var container = manifests.Container(project.Name);
            Assert.Equal(project.HealthCheckPath, container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/health", container.ReadinessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.LivenessProbe.HttpGet.Path);
            Assert.Equal("/alive", container.StartupProbe.HttpGet.Path);
            foreach (var probe in new[] { container.ReadinessProbe, container.LivenessProbe, container.StartupProbe })
            {
                // The named port is the container's http port, the one Kestrel__Endpoints__http__Url / ASPNETCORE_URLS listens on.
                Assert.Equal("http", probe.HttpGet.Port.Value);
                Assert.Contains(container.Ports, p => p.Name == "http" && p.ContainerPort == project.GetEndpoint("http")!.TargetPort);
            }
        }
    }

    [Fact]
    public async Task EveryContainerRunsNonRootReadOnlyWithoutPrivilegesOrCapabilities()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var pods = manifests.All<V1Deployment>().Select(d => d.Spec.Template.Spec)
            .Concat(manifests.All<V1StatefulSet>().Select(s => s.Spec.Template.Spec))
            .ToList();

        Assert.Equal(7, pods.Count);
        Assert.All(pods, pod =>
        {
            Assert.False(pod.AutomountServiceAccountToken);
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.All(pod.Containers, container =>
            {
                var security = container.SecurityContext;
                Assert.True(security.RunAsNonRoot);
                Assert.NotEqual(0, security.RunAsUser);
                Assert.True(security.ReadOnlyRootFilesystem);
                Assert.False(security.AllowPrivilegeEscalation);
                Assert.Equal(["ALL"], security.Capabilities.Drop);
                Assert.Null(security.Capabilities.Add);
                Assert.Null(security.Privileged);
                Assert.Equal("RuntimeDefault", security.SeccompProfile.Type);
            });
        });
    }

    [Fact]
    public async Task ProjectsRunAsTheDotnetAppUserWithAWritableTmp()
    {
        var manifests = await PublishedManifests.PublishAsync();

        foreach (var project in manifests.Projects)
        {
            var pod = manifests.Get<V1Deployment>(project.Name).Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);
            Assert.Equal(1654, container.SecurityContext.RunAsUser);
            var mount = Assert.Single(container.VolumeMounts);
            Assert.Equal("/tmp", mount.MountPath);
            Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == mount.Name).EmptyDir);
        }
    }

    [Fact]
    public async Task EveryContainerHasCpuAndMemoryRequestsAndLimits()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var containers = manifests.All<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers)
            .Concat(manifests.All<V1StatefulSet>().SelectMany(s => s.Spec.Template.Spec.Containers));

        Assert.All(containers, c =>
        {
            Assert.Equal(["cpu", "memory"], c.Resources.Requests.Keys.Order());
            Assert.Equal(["cpu", "memory"], c.Resources.Limits.Keys.Order());
            Assert.True(c.Resources.Requests["memory"].ToDecimal() <= c.Resources.Limits["memory"].ToDecimal());
            Assert.True(c.Resources.Requests["cpu"].ToDecimal() <= c.Resources.Limits["cpu"].ToDecimal());
        });
    }

    [Fact]
    public async Task AResourceThePublisherCannotRunIsRefusedByNameInsteadOfSkipped()
    {
        var error = await Assert.ThrowsAsync<PublishingException>(() =>
            PublishedManifests.PublishAsync(change: model => model.AddExecutable("media", "mediaserver", ".")));

        Assert.Contains("'media'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALocalOnlyResourceAndTheVariablesThatPointAtItAreNotPublished()
    {
        var manifests = await PublishedManifests.PublishAsync(change: model =>
        {
            model.AddExecutable("localrelay", "turnserver", ".").ExcludeFromManifest();
            model["signaling"].Environment["Turn__Secret"] = "a-local-secret";
            model["signaling"].LocalOnlyEnvironment.Add("Turn__Secret");
        });

        Assert.DoesNotContain(manifests.Files.Keys, file => file.Contains("localrelay", StringComparison.Ordinal));
        Assert.DoesNotContain(manifests.Files.Values, yaml => yaml.Contains("a-local-secret", StringComparison.Ordinal));
        Assert.False(manifests.Environment("signaling").ContainsKey("Turn__Secret"));
    }

    [Fact]
    public async Task AResourceNameThatCannotNameAServiceIsRefused()
    {
        var error = await Assert.ThrowsAsync<PublishingException>(() =>
            PublishedManifests.PublishAsync(change: model => model.AddProject("Media_Relay", "../services/Rooms/EphemChat.Rooms.csproj")));

        Assert.Contains("Media_Relay", error.Message, StringComparison.Ordinal);
    }
}
