using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// What the Kubernetes publisher needs beyond the model: where the images are, how the cluster is reached, and the
/// sizes an operator tunes. Every value has a production default; the command line overrides them
/// (<c>--registry</c>, <c>--tag</c>, <c>--ingress-host</c>, ...).
/// </summary>
public sealed class KubernetesPublishingOptions
{
    /// <summary>The namespace every object lives in.</summary>
    public const string Namespace = "ephemchat";

    /// <summary>The repository of every project's image is <c>ephemchat/&lt;resource&gt;</c>, as README's build command names it.</summary>
    public const string ImageRepositoryPrefix = "ephemchat/";

    /// <summary>A registry prefixed to every image (<c>registry.example.com/team</c>); null: the image names as built.</summary>
    [RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*$",
        ErrorMessage = "--registry must look like registry.example.com[:port][/path], lowercase.")]
    public string? Registry { get; init; }

    /// <summary>The image tag of every project (<c>dotnet publish -t:PublishContainer</c> tags <c>latest</c> by default).</summary>
    [Required]
    [RegularExpression(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", ErrorMessage = "--tag must be a valid image tag ([A-Za-z0-9_.-], at most 128).")]
    public string Tag { get; init; } = "latest";

    /// <summary>The public host name of the Ingress.</summary>
    [Required]
    [RegularExpression(@"^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$",
        ErrorMessage = "--ingress-host must be a lowercase DNS name.")]
    public string IngressHost { get; init; } = "ephemchat.example.com";

    /// <summary>The Ingress class; the annotations written are ingress-nginx's.</summary>
    [Required]
    [RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", ErrorMessage = "--ingress-class must be a lowercase name.")]
    public string IngressClassName { get; init; } = "nginx";

    /// <summary>A TLS Secret for the Ingress host (created by the operator or cert-manager); null: no TLS section.</summary>
    [RegularExpression(@"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$", ErrorMessage = "--tls-secret must be a lowercase name.")]
    public string? TlsSecretName { get; init; }

    /// <summary>The most replicas a HorizontalPodAutoscaler may reach; at least the model's replicas of what it scales.</summary>
    [Range(1, 100, ErrorMessage = "--max-replicas must be between 1 and 100.")]
    public int MaxReplicas { get; init; } = 10;

    /// <summary>The average CPU use, relative to the request, above which the autoscaler adds pods.</summary>
    [Range(10, 100)]
    public int TargetCpuUtilizationPercent { get; init; } = 70;

    /// <summary>
    /// An autoscaler removes at most one pod per this many seconds, and only after load stayed low this long:
    /// every pod removed drops its WebSocket connections, and their clients reconnect at once.
    /// </summary>
    [Range(0, 3600)]
    public int ScaleDownStabilizationSeconds { get; init; } = 300;

    /// <summary>Requests and limits of every project's container.</summary>
    public ContainerResources ProjectResources { get; init; } = new("100m", "128Mi", "1", "512Mi");

    /// <summary>Requests and limits of the in-cluster Redis.</summary>
    public ContainerResources RedisResources { get; init; } = new("100m", "256Mi", "1", "1Gi");

    /// <summary>The in-cluster Redis image; Garnet (the local default) has no official image, Redis 7 speaks the same protocol.</summary>
    [Required]
    public string RedisImage { get; init; } = "redis:7";

    /// <summary>The persistent volume of the in-cluster Redis (append-only file).</summary>
    [Required]
    public string RedisStorage { get; init; } = "1Gi";

    /// <summary>
    /// Networks whose <c>X-Forwarded-For</c> the gateway trusts. Only in-cluster peers reach the gateway's ClusterIP
    /// Service (the ingress controller above all); without this every client would share the ingress controller's
    /// address, and so one rate-limit bucket.
    /// </summary>
    public IReadOnlyList<string> TrustedProxyNetworks { get; init; } = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

    /// <summary>Reads the options from the AppHost's configuration (its command line); unset values keep their defaults.</summary>
    public static KubernetesPublishingOptions FromConfiguration(IConfiguration configuration)
    {
        var defaults = new KubernetesPublishingOptions();
        return new KubernetesPublishingOptions
        {
            Registry = NullIfEmpty(configuration["registry"])?.TrimEnd('/'),
            Tag = configuration["tag"] ?? defaults.Tag,
            IngressHost = configuration["ingress-host"] ?? defaults.IngressHost,
            IngressClassName = configuration["ingress-class"] ?? defaults.IngressClassName,
            TlsSecretName = NullIfEmpty(configuration["tls-secret"]),
            MaxReplicas = configuration["max-replicas"] is { } max ? ParseInt(max, "--max-replicas") : defaults.MaxReplicas,
            RedisStorage = configuration["redis-storage"] ?? defaults.RedisStorage,
            TrustedProxyNetworks = configuration["trusted-proxies"] is { } proxies
                ? [.. proxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
                : defaults.TrustedProxyNetworks,
        };
    }

    /// <summary>Throws <see cref="PublishingException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new PublishingException(results[0].ErrorMessage ?? "Invalid publishing options.");
        }
        ProjectResources.Validate("project");
        RedisResources.Validate("redis");
        ContainerResources.ParseQuantity(RedisStorage, "--redis-storage");
        foreach (var network in TrustedProxyNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                throw new PublishingException($"--trusted-proxies: '{network}' is not a network in CIDR notation (10.0.0.0/8).");
            }
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int ParseInt(string value, string option) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new PublishingException($"{option} must be a whole number, not '{value}'.");
}
