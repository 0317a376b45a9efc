using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>The store: Redis as a StatefulSet with a persistent, append-only volume, or an external server instead.</summary>
public sealed class StoreTests
{
    [Fact]
    public async Task InClusterRedisIsAStatefulSetWithAPersistentVolumeAndTheAppendOnlyFileOn()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var statefulSet = manifests.Get<V1StatefulSet>("redis");
        var container = Assert.Single(statefulSet.Spec.Template.Spec.Containers);
        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);

        Assert.Equal(1, statefulSet.Spec.Replicas);
        Assert.Equal("redis:7", container.Image);
        Assert.Equal("yes", container.Args[container.Args.IndexOf("--appendonly") + 1]);
        Assert.Equal("/data", container.Args[container.Args.IndexOf("--dir") + 1]);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
        Assert.Equal("1Gi", claim.Spec.Resources.Requests["storage"].ToString());
        var mount = Assert.Single(container.VolumeMounts);
        Assert.Equal((claim.Metadata.Name, "/data"), (mount.Name, mount.MountPath));
        // The redis user owns the volume.
        Assert.Equal(999, statefulSet.Spec.Template.Spec.SecurityContext.FsGroup);
        Assert.Equal(999, container.SecurityContext.RunAsUser);
    }

    [Fact]
    public async Task TheStatefulSetIsGovernedByAHeadlessServiceOnTheModelsPort()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var statefulSet = manifests.Get<V1StatefulSet>("redis");
        var service = manifests.Get<V1Service>("redis");

        Assert.Equal(service.Metadata.Name, statefulSet.Spec.ServiceName);
        Assert.Equal("None", service.Spec.ClusterIP);
        Assert.Equal(statefulSet.Spec.Selector.MatchLabels, service.Spec.Selector);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(manifests.Model["redis"].Endpoints.Single().TargetPort, port.Port);
        Assert.Contains(Assert.Single(statefulSet.Spec.Template.Spec.Containers).Ports, p => p.ContainerPort == port.Port);
    }

    [Fact]
    public async Task TheExternalStoreOptionDropsTheStatefulSetAndItsPolicy()
    {
        var manifests = await PublishedManifests.PublishAsync(["--redis-connection", "cache.example.net:6380,password=x"]);

        Assert.Empty(manifests.All<V1StatefulSet>());
        Assert.DoesNotContain(manifests.All<V1Service>(), s => s.Metadata.Name == "redis");
        Assert.DoesNotContain(manifests.All<V1NetworkPolicy>(), p => p.Metadata.Name == "allow-to-redis");
        Assert.False(manifests.Files.ContainsKey("redis.yaml"));
        Assert.DoesNotContain("redis.yaml", manifests.Kustomization.Resources);
        Assert.Contains("redis-secret.yaml", manifests.Kustomization.Resources);
        // Services still read the same variable, from the same Secret.
        Assert.Equal("redis-connection", manifests.Environment("rooms")["ConnectionStrings__redis"].ValueFrom.SecretKeyRef.Name);
    }
}
