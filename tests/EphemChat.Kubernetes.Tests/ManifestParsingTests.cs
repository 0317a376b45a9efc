using EphemChat.Hosting.Publishing;
using k8s;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>The output is valid Kubernetes: every document a typed object, in one namespace, tied together by kustomize.</summary>
public sealed class ManifestParsingTests
{
    [Fact]
    public async Task EveryDocumentParsesIntoATypedKubernetesObject()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var objects = manifests.Documents.Values.SelectMany(d => d).ToList();

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        Assert.All(objects.Cast<IKubernetesObject<V1ObjectMeta>>(), o =>
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion));
            Assert.False(string.IsNullOrEmpty(o.Metadata.Name));
        });
        // The kinds the issue asks for are all there.
        Assert.Single(manifests.All<V1Namespace>());
        Assert.NotEmpty(manifests.All<V1Deployment>());
        Assert.NotEmpty(manifests.All<V1Service>());
        Assert.Single(manifests.All<V1StatefulSet>());
        Assert.Single(manifests.All<V1Secret>());
        Assert.Single(manifests.All<V1ConfigMap>());
        Assert.Single(manifests.All<V1Ingress>());
        Assert.NotEmpty(manifests.All<V2HorizontalPodAutoscaler>());
        Assert.NotEmpty(manifests.All<V1PodDisruptionBudget>());
        Assert.NotEmpty(manifests.All<V1NetworkPolicy>());
    }

    [Fact]
    public async Task EveryNamespacedObjectLivesInTheEphemchatNamespace()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var ns = Assert.Single(manifests.All<V1Namespace>());
        Assert.Equal("ephemchat", ns.Metadata.Name);
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        Assert.All(manifests.Documents.Values.SelectMany(d => d).Cast<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("ephemchat", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task TheKustomizationListsEveryFileOnceAndNamespaceFirst()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var kustomization = manifests.Kustomization;

        Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.ApiVersion);
        Assert.Equal("Kustomization", kustomization.Kind);
        Assert.Equal("ephemchat", kustomization.Namespace);
        Assert.Equal(manifests.Files.Keys.Where(f => f != "kustomization.yaml").Order(), kustomization.Resources.Order());
        Assert.Equal("namespace.yaml", kustomization.Resources[0]);
    }

    [Fact]
    public async Task TheKustomizationNamesTheImageOfEveryResourceWithItsTag()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var projects = manifests.Kustomization.Images.Where(i => i.Name != "redis").ToList();

        Assert.Equal(manifests.Projects.Select(p => $"ephemchat/{p.Name}"), projects.Select(i => i.Name));
        Assert.All(projects, image =>
        {
            Assert.Equal(image.Name, image.NewName);
            Assert.Equal("latest", image.NewTag);
        });
        Assert.All(manifests.Projects, p => Assert.Equal($"ephemchat/{p.Name}:latest", manifests.Container(p.Name).Image));
        // The store's image can be mirrored too.
        var redis = Assert.Single(manifests.Kustomization.Images, i => i.Name == "redis");
        Assert.Equal("7", redis.NewTag);
        Assert.Equal("redis:7", Assert.Single(manifests.Get<k8s.Models.V1StatefulSet>("redis").Spec.Template.Spec.Containers).Image);
    }

    [Fact]
    public async Task AnExternalStoreHasNoImageToRetarget()
    {
        var manifests = await PublishedManifests.PublishAsync(["--redis-connection", "cache.example.net:6380"]);

        Assert.DoesNotContain(manifests.Kustomization.Images, i => i.Name == "redis");
        Assert.Equal(manifests.Projects.Count(), manifests.Kustomization.Images.Count);
    }

    [Fact]
    public async Task RegistryAndTagRetargetEveryImage()
    {
        var options = new KubernetesPublishingOptions { Registry = "registry.example.com:5000/chat", Tag = "1.4.0" };

        var manifests = await PublishedManifests.PublishAsync(options: options);

        Assert.All(manifests.Projects, p =>
            Assert.Equal($"registry.example.com:5000/chat/ephemchat/{p.Name}:1.4.0", manifests.Container(p.Name).Image));
        Assert.All(manifests.Kustomization.Images.Where(i => i.Name != "redis"), image =>
        {
            Assert.StartsWith("registry.example.com:5000/chat/ephemchat/", image.Name, StringComparison.Ordinal);
            // Quoted in the file, so a tag like 1.4 stays a string.
            Assert.Equal("1.4.0", image.NewTag);
        });
        Assert.Contains("newTag: \"1.4.0\"", manifests.Files["kustomization.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingTheSameModelTwiceGivesTheSameBytes()
    {
        var first = await PublishedManifests.PublishAsync();
        var second = await PublishedManifests.PublishAsync();

        Assert.Equal(first.Files.Keys, second.Files.Keys);
        Assert.All(first.Files, f => Assert.Equal(f.Value, second.Files[f.Key]));
    }
}
