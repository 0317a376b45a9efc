using System.Text.RegularExpressions;
using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>Names, labels and image references shared by every manifest: one resource name, one set of labels.</summary>
internal static partial class KubernetesNames
{
    /// <summary>The label that names the resource; selectors and NetworkPolicies match on it.</summary>
    public const string NameLabel = "app.kubernetes.io/name";

    /// <summary>The label shared by every object of the application.</summary>
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    /// <summary>The value of <see cref="PartOfLabel"/>.</summary>
    public const string Application = "ephemchat";

    /// <summary>The Secret that holds a store's connection string (<c>redis-connection</c>).</summary>
    public static string StoreSecret(Resource store) => $"{store.Name}-connection";

    /// <summary>The ConfigMap of settings shared by every project (environment, telemetry, logging).</summary>
    public const string SettingsConfigMap = "ephemchat-settings";

    /// <summary>The labels of the resource's objects and pods.</summary>
    public static Dictionary<string, string> Labels(Resource resource) => new(StringComparer.Ordinal)
    {
        [NameLabel] = resource.Name,
        [PartOfLabel] = Application,
    };

    /// <summary>The selector of the resource's pods.</summary>
    public static V1LabelSelector Selector(Resource resource) => new() { MatchLabels = Labels(resource) };

    /// <summary>Metadata of an object in the application's namespace.</summary>
    public static V1ObjectMeta Metadata(string name, Resource? resource = null, IDictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = KubernetesPublishingOptions.Namespace,
        Labels = resource is null ? new Dictionary<string, string> { [PartOfLabel] = Application } : Labels(resource),
        Annotations = annotations,
    };

    /// <summary>The image name without tag, as <c>images:</c> in kustomization.yaml matches it.</summary>
    public static string ImageName(Resource resource, KubernetesPublishingOptions options) =>
        (options.Registry is { } registry ? registry + "/" : "") + KubernetesPublishingOptions.ImageRepositoryPrefix + resource.Name;

    /// <summary>The full image reference of a project.</summary>
    public static string Image(Resource resource, KubernetesPublishingOptions options) => $"{ImageName(resource, options)}:{options.Tag}";

    /// <summary>The address of an endpoint inside the namespace: the Service's DNS name and the container port.</summary>
    public static string ServiceUrl(Resource resource, EndpointAnnotation endpoint) => $"http://{resource.Name}:{endpoint.TargetPort}";

    /// <summary>Throws when a resource name cannot name a Service (a DNS-1035 label).</summary>
    public static void EnsureValid(Resource resource)
    {
        if (!DnsLabel().IsMatch(resource.Name))
        {
            throw new PublishingException(
                $"Resource '{resource.Name}' cannot be a Kubernetes Service name: use lowercase letters, digits and '-', starting with a letter.");
        }
    }

    [GeneratedRegex("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
