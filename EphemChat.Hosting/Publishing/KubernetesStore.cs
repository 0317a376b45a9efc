using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// The store: its Secret always (services read <c>ConnectionStrings__redis</c> from it), and unless the model's store
/// is external, Redis as a StatefulSet with a persistent volume and the append-only file on.
/// </summary>
internal static class KubernetesStore
{
    /// <summary>The official Redis image's <c>redis</c> user.</summary>
    public const long RedisUserId = 999;

    /// <summary>Where the official image keeps its data (its working directory).</summary>
    public const string DataPath = "/data";

    public static ManifestDocument Secret(RedisResource redis) => new(
        new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = KubernetesNames.Metadata(KubernetesNames.StoreSecret(redis), redis),
            Type = "Opaque",
            StringData = KubernetesEnvironment.StoreSecretValues(redis),
        },
        redis.Mode == RedisMode.External
            ? "The external store given by --redis-connection. Keep a password out of version control: create this Secret with\n" +
              $"kubectl create secret generic {KubernetesNames.StoreSecret(redis)} -n {KubernetesPublishingOptions.Namespace} --from-literal=connection-string='host:6380,password=...,ssl=true' ...\n" +
              "and remove this file from kustomization.yaml, or replace its values before applying."
            : "The in-cluster Redis (redis.yaml). To use a managed store instead, publish with --redis-connection, or replace\n" +
              "connection-string (host:port[,password=...,ssl=true]), host, port and uri here and drop redis.yaml.");

    public static IEnumerable<ManifestDocument> InCluster(RedisResource redis, KubernetesPublishingOptions options)
    {
        var port = KubernetesEnvironment.StorePort(redis);
        var endpoint = redis.Endpoints.FirstOrDefault()?.Name ?? "tcp";
        yield return new ManifestDocument(
            new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = KubernetesNames.Metadata(redis.Name, redis),
                Spec = new V1ServiceSpec
                {
                    // Headless: the StatefulSet's pod gets a stable DNS name and clients connect to it directly.
                    ClusterIP = "None",
                    Selector = KubernetesNames.Labels(redis),
                    Ports = [new V1ServicePort { Name = endpoint, Port = port, TargetPort = endpoint, Protocol = "TCP" }],
                },
            },
            $"{redis.Name}:{port}: the address in the {KubernetesNames.StoreSecret(redis)} Secret.");

        yield return new ManifestDocument(
            new V1StatefulSet
            {
                ApiVersion = "apps/v1",
                Kind = "StatefulSet",
                Metadata = KubernetesNames.Metadata(redis.Name, redis),
                Spec = new V1StatefulSetSpec
                {
                    ServiceName = redis.Name,
                    Replicas = 1,
                    Selector = KubernetesNames.Selector(redis),
                    Template = new V1PodTemplateSpec
                    {
                        Metadata = new V1ObjectMeta { Labels = KubernetesNames.Labels(redis) },
                        Spec = new V1PodSpec
                        {
                            AutomountServiceAccountToken = false,
                            EnableServiceLinks = false,
                            SecurityContext = new V1PodSecurityContext
                            {
                                RunAsNonRoot = true,
                                // The volume is writable by the redis group.
                                FsGroup = RedisUserId,
                                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                            },
                            Containers =
                            [
                                new V1Container
                                {
                                    Name = redis.Name,
                                    Image = options.RedisImage,
                                    Args = ["redis-server", "--appendonly", "yes", "--dir", DataPath, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                                    Ports = [new V1ContainerPort { Name = endpoint, ContainerPort = port, Protocol = "TCP" }],
                                    ReadinessProbe = new V1Probe
                                    {
                                        Exec = new V1ExecAction { Command = ["redis-cli", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "ping"] },
                                        PeriodSeconds = 5,
                                        TimeoutSeconds = 2,
                                    },
                                    LivenessProbe = new V1Probe
                                    {
                                        TcpSocket = new V1TCPSocketAction { Port = endpoint },
                                        PeriodSeconds = 10,
                                        TimeoutSeconds = 2,
                                        FailureThreshold = 3,
                                    },
                                    Resources = options.RedisResources.ToKubernetes(),
                                    SecurityContext = KubernetesWorkloads.LockedDown(RedisUserId),
                                    VolumeMounts = [new V1VolumeMount { Name = "data", MountPath = DataPath }],
                                },
                            ],
                        },
                    },
                    VolumeClaimTemplates =
                    [
                        new V1PersistentVolumeClaim
                        {
                            Metadata = new V1ObjectMeta { Name = "data", Labels = KubernetesNames.Labels(redis) },
                            Spec = new V1PersistentVolumeClaimSpec
                            {
                                AccessModes = ["ReadWriteOnce"],
                                Resources = new V1VolumeResourceRequirements
                                {
                                    Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(options.RedisStorage) },
                                },
                            },
                        },
                    ],
                },
            },
            "All state, every key with a TTL. The append-only file on the persistent volume keeps live rooms and sessions\n" +
            "across a restart. Locally the store is embedded Garnet; Redis 7 speaks the same protocol and runs Lua atomically.\n" +
            "The cluster's default StorageClass provides the volume.");
    }
}
