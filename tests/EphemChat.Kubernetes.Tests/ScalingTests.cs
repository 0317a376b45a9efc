using EphemChat.Hosting.Publishing;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>Autoscalers for what takes client connections, and disruption budgets for every Deployment.</summary>
public sealed class ScalingTests
{
    [Fact]
    public async Task TheGatewayAndSignalingScaleOnCpuFromTheModelsReplicas()
    {
        var manifests = await PublishedManifests.PublishAsync();

        Assert.Equal(["gateway", "signaling"], manifests.All<V2HorizontalPodAutoscaler>().Select(h => h.Metadata.Name).Order());
        foreach (var autoscaler in manifests.All<V2HorizontalPodAutoscaler>())
        {
            var target = autoscaler.Spec.ScaleTargetRef;
            Assert.Equal(("apps/v1", "Deployment", autoscaler.Metadata.Name), (target.ApiVersion, target.Kind, target.Name));
            Assert.Equal(manifests.Model[target.Name].Replicas, autoscaler.Spec.MinReplicas);
            Assert.Equal(10, autoscaler.Spec.MaxReplicas);
            var metric = Assert.Single(autoscaler.Spec.Metrics);
            Assert.Equal(("cpu", "Utilization", 70), (metric.Resource.Name, metric.Resource.Target.Type, metric.Resource.Target.AverageUtilization));
            // Scale-down drops WebSocket connections: one pod at a time, after a calm period.
            Assert.Equal(300, autoscaler.Spec.Behavior.ScaleDown.StabilizationWindowSeconds);
            Assert.Equal(1, Assert.Single(autoscaler.Spec.Behavior.ScaleDown.Policies).Value);
        }
    }

    [Fact]
    public async Task MultiReplicaDeploymentsKeepAtLeastOnePodThroughDisruptions()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var signaling = manifests.Get<V1PodDisruptionBudget>("signaling");

        Assert.Equal("1", signaling.Spec.MinAvailable.Value);
        Assert.Null(signaling.Spec.MaxUnavailable);
        Assert.Equal(manifests.Get<V1Deployment>("signaling").Spec.Selector.MatchLabels, signaling.Spec.Selector.MatchLabels);
    }

    [Fact]
    public async Task SingleReplicaDeploymentsNeverBlockANodeDrain()
    {
        var manifests = await PublishedManifests.PublishAsync();

        foreach (var project in manifests.Projects.Where(p => p.Replicas == 1))
        {
            var budget = manifests.Get<V1PodDisruptionBudget>(project.Name);
            Assert.Null(budget.Spec.MinAvailable);
            Assert.Equal("1", budget.Spec.MaxUnavailable.Value);
        }
        Assert.Equal(manifests.Projects.Count(), manifests.All<V1PodDisruptionBudget>().Count());
    }

    [Fact]
    public async Task RollingUpdatesStartTheNewPodBeforeStoppingAnOldOne()
    {
        var manifests = await PublishedManifests.PublishAsync();

        Assert.All(manifests.All<V1Deployment>(), d =>
        {
            Assert.Equal("0", d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
            Assert.Equal("1", d.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        });
    }

    [Fact]
    public async Task MaxReplicasBelowTheModelsReplicasIsRefused()
    {
        var error = await Assert.ThrowsAsync<PublishingException>(() =>
            PublishedManifests.PublishAsync(options: new KubernetesPublishingOptions { MaxReplicas = 1 }));

        Assert.Contains("signaling", error.Message, StringComparison.Ordinal);
    }
}
