using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// Publishes the AppHost model as Kubernetes manifests: the same resources, references, replicas, endpoints and
/// health checks that run locally, so the two never drift. <see cref="Generate"/> is pure (file name → YAML, always
/// the same bytes for the same model); <see cref="WriteAsync"/> writes the files.
/// </summary>
public static class KubernetesPublisher
{
    /// <summary>The value of <c>--publisher</c>.</summary>
    public const string Name = "kubernetes";

    /// <summary>The manifests, in apply order, by file name; <c>kustomization.yaml</c> last.</summary>
    public static IReadOnlyDictionary<string, string> Generate(DistributedApplicationBuilder model, KubernetesPublishingOptions? options = null)
    {
        var files = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Plan(model, options ?? new KubernetesPublishingOptions()))
        {
            files.Add(file.FileName, file.Content);
        }
        return files;
    }

    /// <summary>
    /// Writes the manifests to <paramref name="directory"/> (created if needed). Files a previous publish generated
    /// and this one does not (redis.yaml once the store is external) are removed; other files are left alone.
    /// </summary>
    public static async Task<IReadOnlyList<PublishedFile>> WriteAsync(
        DistributedApplicationBuilder model, string directory, KubernetesPublishingOptions? options = null, CancellationToken cancellationToken = default)
    {
        var plan = Plan(model, options ?? new KubernetesPublishingOptions());
        Directory.CreateDirectory(directory);
        foreach (var stale in Directory.EnumerateFiles(directory, "*.yaml"))
        {
            if (plan.All(f => f.FileName != Path.GetFileName(stale)) && await IsGeneratedAsync(stale, cancellationToken))
            {
                File.Delete(stale);
            }
        }
        foreach (var file in plan)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, file.FileName), file.Content, cancellationToken);
        }
        return plan;
    }

    private static List<PublishedFile> Plan(DistributedApplicationBuilder model, KubernetesPublishingOptions options)
    {
        options.Validate();
        // Local-only resources (coturn on loopback) have no place in a cluster.
        model.Resources.RemoveAll(r => r.ExcludeFromManifest);
        foreach (var resource in model.Resources)
        {
            KubernetesNames.EnsureValid(resource);
            if (resource is not (ProjectResource or RedisResource))
            {
                throw new PublishingException(
                    $"Resource '{resource.Name}' is a {resource.GetType().Name}; the Kubernetes publisher publishes projects and the Redis store.");
            }
        }

        var environment = new KubernetesEnvironment(model, options);
        var stores = model.Resources.OfType<RedisResource>().ToList();
        var projects = model.Resources.OfType<ProjectResource>().ToList();
        // An external store runs elsewhere: no pods of it here, so no policy for it either.
        var inCluster = model.Resources.Where(r => r is not RedisResource { Mode: RedisMode.External }).ToList();

        var manifests = new List<ManifestFile>
        {
            new("namespace.yaml", "", [new ManifestDocument(Namespace(),
                "Pod Security Admission enforces the restricted profile, which every pod here meets.")]),
            new("settings.yaml", "", [new ManifestDocument(Settings(environment),
                "Settings every project reads alike (envFrom). Never a secret here: connection strings live in Secrets.\n" +
                "To export telemetry add OTEL_EXPORTER_OTLP_ENDPOINT (and OTEL_EXPORTER_OTLP_PROTOCOL), or publish with --otlp-endpoint.\n" +
                "Pods read it at start: kubectl rollout restart deployment -n ephemchat after a change.")]),
        };
        foreach (var store in stores)
        {
            manifests.Add(new($"{store.Name}-secret.yaml", "", [KubernetesStore.Secret(store)]));
            if (store.Mode != RedisMode.External)
            {
                manifests.Add(new($"{store.Name}.yaml", "", [.. KubernetesStore.InCluster(store, options)]));
            }
        }
        foreach (var project in projects)
        {
            manifests.Add(new($"{project.Name}.yaml", "", [.. KubernetesWorkloads.For(project, environment, options)]));
        }
        var external = model.Resources.Where(r => r.IsExternal).ToList();
        if (external.Count > 0)
        {
            manifests.Add(new("ingress.yaml", "", [.. external.Select(r => KubernetesNetwork.Ingress(r, options))]));
        }
        manifests.Add(new("networkpolicies.yaml",
            "Who may connect to whom, from the model: a resource accepts traffic only from the resources that reference it.",
            [.. KubernetesNetwork.Policies(inCluster)]));

        var files = manifests.Select(m => new PublishedFile(m.FileName, m.Render(), [.. m.Documents.Select(d => d.Title)])).ToList();
        var images = projects.Select(p => (KubernetesNames.ImageName(p, options), options.Tag)).ToList();
        if (stores.Any(s => s.Mode != RedisMode.External))
        {
            images.Add(Kustomization.Split(options.RedisImage));
        }
        files.Add(new PublishedFile(Kustomization.FileName, Kustomization.Render(manifests.Select(m => m.FileName), images), ["Kustomization"]));
        return files;
    }

    private static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = KubernetesPublishingOptions.Namespace,
            Labels = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [KubernetesNames.PartOfLabel] = KubernetesNames.Application,
                ["pod-security.kubernetes.io/enforce"] = "restricted",
            },
        },
    };

    private static V1ConfigMap Settings(KubernetesEnvironment environment) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = KubernetesNames.Metadata(KubernetesNames.SettingsConfigMap),
        Data = environment.SharedSettings,
    };

    private static async Task<bool> IsGeneratedAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        var first = await reader.ReadLineAsync(cancellationToken);
        return first?.StartsWith(ManifestFile.GeneratedMarker, StringComparison.Ordinal) == true;
    }
}

/// <summary>One file the publisher writes, and the objects in it (<c>Deployment/rooms</c>, ...).</summary>
public sealed record PublishedFile(string FileName, string Content, IReadOnlyList<string> Objects);
