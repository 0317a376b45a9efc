using EphemChat.Hosting.Publishing;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>Only the gateway is reachable from outside, through the Ingress; inside, only the model's edges are open.</summary>
public sealed class NetworkTests
{
    [Fact]
    public async Task IngressIsDeniedByDefault()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var deny = manifests.Get<V1NetworkPolicy>("default-deny-ingress");

        Assert.Null(deny.Spec.PodSelector.MatchLabels);
        Assert.Null(deny.Spec.PodSelector.MatchExpressions);
        Assert.Equal(["Ingress"], deny.Spec.PolicyTypes);
        Assert.Null(deny.Spec.Ingress);
    }

    [Fact]
    public async Task TheGatewayAcceptsConnectionsFromAnywhereOnItsHttpPortOnly()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var policy = manifests.Get<V1NetworkPolicy>("allow-to-gateway");
        var rule = Assert.Single(policy.Spec.Ingress);

        Assert.Equal("gateway", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Null(rule.FromProperty);
        Assert.Equal(["8080"], rule.Ports.Select(p => p.Port.Value));
    }

    [Fact]
    public async Task NetworkPoliciesAllowExactlyTheModelsEdges()
    {
        var manifests = await PublishedManifests.PublishAsync();
        var expected = manifests.Model.Resources
            .SelectMany(caller => caller.References.Select(target => (Caller: caller.Name, Target: target.Name)))
            .Where(edge => !manifests.Model[edge.Target].IsExternal)
            .ToHashSet();

        var allowed = manifests.All<V1NetworkPolicy>()
            .Where(p => p.Metadata.Name != "default-deny-ingress" && p.Metadata.Name != "allow-to-gateway")
            .SelectMany(p => (p.Spec.Ingress ?? []).SelectMany(rule => (rule.FromProperty ?? []).Select(peer =>
                (Caller: peer.PodSelector.MatchLabels["app.kubernetes.io/name"], Target: p.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]))))
            .ToHashSet();

        Assert.Equal(expected.Order(), allowed.Order());
    }

    [Fact]
    public async Task EachPolicyOpensExactlyTheTargetsPorts()
    {
        var manifests = await PublishedManifests.PublishAsync();

        foreach (var resource in manifests.Model.Resources.Where(r => !r.IsExternal))
        {
            var policy = manifests.Get<V1NetworkPolicy>($"allow-to-{resource.Name}");
            var rule = Assert.Single(policy.Spec.Ingress);
            Assert.Equal(resource.Endpoints.Select(e => e.TargetPort.ToString(System.Globalization.CultureInfo.InvariantCulture)), rule.Ports.Select(p => p.Port.Value));
            // Every source is a pod selector in this namespace: no ipBlock, no namespaceSelector.
            Assert.All(rule.FromProperty, peer =>
            {
                Assert.Null(peer.IpBlock);
                Assert.Null(peer.NamespaceSelector);
            });
        }
    }

    [Fact]
    public async Task OnlyTheServicesReachTheStoreAndOnlyTheGatewayReachesTheFrontend()
    {
        var manifests = await PublishedManifests.PublishAsync();

        string[] Callers(string target) => [.. Assert.Single(manifests.Get<V1NetworkPolicy>($"allow-to-{target}").Spec.Ingress)
            .FromProperty.Select(peer => peer.PodSelector.MatchLabels["app.kubernetes.io/name"]).Order()];

        Assert.Equal(["identity", "matchmaking", "rooms", "signaling"], Callers("redis"));
        Assert.Equal(["gateway"], Callers("frontend"));
        Assert.Equal(["gateway", "matchmaking", "rooms", "signaling"], Callers("identity"));
    }

    [Fact]
    public async Task TheIngressSendsEverythingToTheGatewayWithTimeoutsForLongLivedConnections()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var ingress = manifests.Get<V1Ingress>("gateway");
        var rule = Assert.Single(ingress.Spec.Rules);
        var path = Assert.Single(rule.Http.Paths);

        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        Assert.Equal("ephemchat.example.com", rule.Host);
        Assert.Equal(("/", "Prefix"), (path.Path, path.PathType));
        Assert.Equal("gateway", path.Backend.Service.Name);
        Assert.Equal("http", path.Backend.Service.Port.Name);
        Assert.Contains(manifests.Get<V1Service>("gateway").Spec.Ports, p => p.Name == path.Backend.Service.Port.Name);
        Assert.Equal("3600", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]);
        Assert.Equal("3600", ingress.Metadata.Annotations["nginx.ingress.kubernetes.io/proxy-send-timeout"]);
        Assert.Null(ingress.Spec.Tls);
        Assert.Single(manifests.All<V1Ingress>());
    }

    [Fact]
    public async Task IngressHostClassAndTlsAreOptions()
    {
        var options = new KubernetesPublishingOptions { IngressHost = "chat.example.org", IngressClassName = "internal-nginx", TlsSecretName = "chat-tls" };

        var manifests = await PublishedManifests.PublishAsync(options: options);

        var ingress = manifests.Get<V1Ingress>("gateway");
        Assert.Equal("internal-nginx", ingress.Spec.IngressClassName);
        Assert.Equal("chat.example.org", Assert.Single(ingress.Spec.Rules).Host);
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(("chat-tls", "chat.example.org"), (tls.SecretName, Assert.Single(tls.Hosts)));
    }

    [Fact]
    public async Task NoServiceIsExposedOutsideTheCluster()
    {
        var manifests = await PublishedManifests.PublishAsync();

        Assert.All(manifests.All<V1Service>(), s => Assert.True(s.Spec.Type is "ClusterIP" or null, $"{s.Metadata.Name} is {s.Spec.Type}"));
    }
}
