using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// How traffic reaches pods: the Ingress in front of the external resource (the gateway), and NetworkPolicies built
/// from the model's references, so that each resource accepts connections only from the resources that reference it.
/// </summary>
internal static class KubernetesNetwork
{
    /// <summary>SignalR connections live for hours; ingress-nginx's 60 s default would cut a quiet one.</summary>
    public const string LongLivedTimeoutSeconds = "3600";

    public static ManifestDocument Ingress(Resource external, KubernetesPublishingOptions options)
    {
        var http = external.GetEndpoint("http") ?? throw new PublishingException($"'{external.Name}' is external but has no http endpoint.");
        var ingress = new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = KubernetesNames.Metadata(external.Name, external, new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["nginx.ingress.kubernetes.io/proxy-read-timeout"] = LongLivedTimeoutSeconds,
                ["nginx.ingress.kubernetes.io/proxy-send-timeout"] = LongLivedTimeoutSeconds,
            }),
            Spec = new V1IngressSpec
            {
                IngressClassName = options.IngressClassName,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = options.IngressHost,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths =
                            [
                                new V1HTTPIngressPath
                                {
                                    Path = "/",
                                    PathType = "Prefix",
                                    Backend = new V1IngressBackend
                                    {
                                        Service = new V1IngressServiceBackend { Name = external.Name, Port = new V1ServiceBackendPort { Name = http.Name } },
                                    },
                                },
                            ],
                        },
                    },
                ],
                Tls = options.TlsSecretName is { } tls ? [new V1IngressTLS { Hosts = [options.IngressHost], SecretName = tls }] : null,
            },
        };
        return new ManifestDocument(ingress,
            $"The one public origin: every path goes to the {external.Name}, which routes to the services. ingress-nginx upgrades\n" +
            "WebSocket requests on its own; the read/send timeouts keep idle hub connections open. Change the host, the class\n" +
            "(--ingress-host, --ingress-class) and TLS (--tls-secret, or a cert-manager annotation) to suit the cluster.");
    }

    public static IEnumerable<ManifestDocument> Policies(IReadOnlyList<Resource> resources)
    {
        yield return new ManifestDocument(
            new V1NetworkPolicy
            {
                ApiVersion = "networking.k8s.io/v1",
                Kind = "NetworkPolicy",
                Metadata = KubernetesNames.Metadata("default-deny-ingress"),
                Spec = new V1NetworkPolicySpec { PodSelector = new V1LabelSelector(), PolicyTypes = ["Ingress"] },
            },
            "Nothing reaches a pod of the namespace unless a policy below allows it. Kubelet probes are not affected.\n" +
            "Egress stays open: services reach each other, the store, and an OTLP collector if one is configured.");

        foreach (var resource in resources)
        {
            var ports = resource.Endpoints.Select(e => new V1NetworkPolicyPort { Port = e.TargetPort, Protocol = "TCP" }).ToList();
            if (resource.IsExternal)
            {
                var http = resource.GetEndpoint("http")!;
                yield return new ManifestDocument(
                    Policy(resource, [new V1NetworkPolicyIngressRule { Ports = [new V1NetworkPolicyPort { Port = http.TargetPort, Protocol = "TCP" }] }]),
                    $"{resource.Name}: reachable from anywhere on its http port (the ingress controller runs in another namespace).");
                continue;
            }

            var callers = Callers(resource, resources);
            yield return new ManifestDocument(
                Policy(resource, callers.Count == 0
                    ? []
                    :
                    [
                        new V1NetworkPolicyIngressRule
                        {
                            FromProperty = [.. callers.Select(c => new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [KubernetesNames.NameLabel] = c.Name } } })],
                            Ports = ports,
                        },
                    ]),
                callers.Count == 0
                    ? $"{resource.Name}: nothing in the model references it, so nothing may connect."
                    : $"{resource.Name}: only from {string.Join(", ", callers.Select(c => c.Name))} (the resources whose model references it).");
        }
    }

    /// <summary>The resources whose <c>References</c> include <paramref name="target"/>, in model order.</summary>
    public static List<Resource> Callers(Resource target, IEnumerable<Resource> resources) =>
        [.. resources.Where(r => r.References.Contains(target))];

    private static V1NetworkPolicy Policy(Resource resource, List<V1NetworkPolicyIngressRule> rules) => new()
    {
        ApiVersion = "networking.k8s.io/v1",
        Kind = "NetworkPolicy",
        Metadata = KubernetesNames.Metadata($"allow-to-{resource.Name}", resource),
        Spec = new V1NetworkPolicySpec
        {
            PodSelector = KubernetesNames.Selector(resource),
            PolicyTypes = ["Ingress"],
            Ingress = rules,
        },
    };
}
