using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>A project's objects: its Deployment, its Service, a PodDisruptionBudget and, where it scales, an autoscaler.</summary>
internal static class KubernetesWorkloads
{
    /// <summary>The .NET container images' non-root <c>app</c> user.</summary>
    public const long AppUserId = 1654;

    /// <summary>Readiness: the process and what it needs (the store) answer; the model's health check.</summary>
    public const string DefaultReadinessPath = "/health";

    /// <summary>Liveness: the process answers (ServiceDefaults' <c>/alive</c>); a failing store must not restart every pod.</summary>
    public const string LivenessPath = "/alive";

    /// <summary>ASP.NET Core writes temporary files; the root filesystem is read-only.</summary>
    public const string TempPath = "/tmp";

    /// <summary>The gateway (external) and what the model replicates take client connections and scale out.</summary>
    public static bool IsAutoscaled(Resource resource) => resource.IsExternal || resource.Replicas > 1;

    public static IEnumerable<ManifestDocument> For(ProjectResource project, KubernetesEnvironment environment, KubernetesPublishingOptions options)
    {
        yield return new ManifestDocument(Deployment(project, environment, options), DeploymentComment(project));
        yield return new ManifestDocument(Service(project), ServiceComment(project));
        yield return new ManifestDocument(DisruptionBudget(project), project.Replicas > 1
            ? "Voluntary disruptions (node drains, upgrades) keep at least one pod serving."
            : "One pod at a time may be evicted; with a single replica this never blocks a node drain.");
        if (IsAutoscaled(project))
        {
            yield return new ManifestDocument(Autoscaler(project, options),
                $"Scales on CPU from the model's {project.Replicas} to {options.MaxReplicas} (needs metrics-server). Scale-down is slow on purpose:\n" +
                "each pod removed drops its WebSocket connections and their clients reconnect at once.");
        }
    }

    private static V1Deployment Deployment(ProjectResource project, KubernetesEnvironment environment, KubernetesPublishingOptions options) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = KubernetesNames.Metadata(project.Name, project),
        Spec = new V1DeploymentSpec
        {
            Replicas = project.Replicas,
            Selector = KubernetesNames.Selector(project),
            // A new pod is ready before an old one goes: single-replica resources stay up during a rollout.
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = KubernetesNames.Labels(project) },
                Spec = new V1PodSpec
                {
                    // No service calls the Kubernetes API.
                    AutomountServiceAccountToken = false,
                    // Docker-link variables (REDIS_PORT=tcp://...) would shadow the contract's own names.
                    EnableServiceLinks = false,
                    SecurityContext = new V1PodSecurityContext
                    {
                        RunAsNonRoot = true,
                        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                    },
                    TopologySpreadConstraints = project.Replicas > 1 || IsAutoscaled(project)
                        ?
                        [
                            new V1TopologySpreadConstraint
                            {
                                MaxSkew = 1,
                                TopologyKey = "kubernetes.io/hostname",
                                WhenUnsatisfiable = "ScheduleAnyway",
                                LabelSelector = KubernetesNames.Selector(project),
                            },
                        ]
                        : null,
                    Containers = [Container(project, environment, options)],
                    Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource { SizeLimit = new ResourceQuantity("256Mi") } }],
                },
            },
        },
    };

    private static V1Container Container(ProjectResource project, KubernetesEnvironment environment, KubernetesPublishingOptions options) => new()
    {
        Name = project.Name,
        Image = KubernetesNames.Image(project, options),
        Ports = [.. project.Endpoints.Select(e => new V1ContainerPort { Name = e.Name, ContainerPort = e.TargetPort, Protocol = "TCP" })],
        Env = environment.For(project),
        EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = KubernetesNames.SettingsConfigMap } }],
        // Slow first starts are the startup probe's business, so liveness can be strict afterwards.
        StartupProbe = HttpProbe(LivenessPath, periodSeconds: 2, failureThreshold: 30),
        ReadinessProbe = HttpProbe(project.HealthCheckPath ?? DefaultReadinessPath, periodSeconds: 5, failureThreshold: 3),
        LivenessProbe = HttpProbe(LivenessPath, periodSeconds: 10, failureThreshold: 3),
        Resources = options.ProjectResources.ToKubernetes(),
        SecurityContext = LockedDown(AppUserId),
        VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = TempPath }],
    };

    /// <summary>Non-root, read-only root filesystem, no privilege escalation, no capabilities, the runtime's seccomp profile.</summary>
    public static V1SecurityContext LockedDown(long userId) => new()
    {
        RunAsNonRoot = true,
        RunAsUser = userId,
        RunAsGroup = userId,
        ReadOnlyRootFilesystem = true,
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    private static V1Probe HttpProbe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = "http" },
        PeriodSeconds = periodSeconds,
        TimeoutSeconds = 2,
        FailureThreshold = failureThreshold,
    };

    private static V1Service Service(ProjectResource project) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = KubernetesNames.Metadata(project.Name, project),
        Spec = new V1ServiceSpec
        {
            Type = "ClusterIP",
            Selector = KubernetesNames.Labels(project),
            Ports =
            [
                .. project.Endpoints.Select(e => new V1ServicePort
                {
                    Name = e.Name,
                    Port = e.TargetPort,
                    TargetPort = e.Name,
                    Protocol = "TCP",
                    // gRPC is cleartext HTTP/2 (h2c) on its own port.
                    AppProtocol = e.Transport == "http2" ? "kubernetes.io/h2c" : "http",
                }),
            ],
        },
    };

    private static V1PodDisruptionBudget DisruptionBudget(ProjectResource project) => new()
    {
        ApiVersion = "policy/v1",
        Kind = "PodDisruptionBudget",
        Metadata = KubernetesNames.Metadata(project.Name, project),
        Spec = new V1PodDisruptionBudgetSpec
        {
            Selector = KubernetesNames.Selector(project),
            MinAvailable = project.Replicas > 1 ? 1 : null,
            MaxUnavailable = project.Replicas > 1 ? null : 1,
        },
    };

    private static V2HorizontalPodAutoscaler Autoscaler(ProjectResource project, KubernetesPublishingOptions options)
    {
        if (options.MaxReplicas < project.Replicas)
        {
            throw new PublishingException($"--max-replicas {options.MaxReplicas} is below the {project.Replicas} replicas the model gives '{project.Name}'.");
        }
        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = KubernetesNames.Metadata(project.Name, project),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = project.Name },
                MinReplicas = project.Replicas,
                MaxReplicas = options.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = options.TargetCpuUtilizationPercent },
                        },
                    },
                ],
                Behavior = new V2HorizontalPodAutoscalerBehavior
                {
                    ScaleDown = new V2HPAScalingRules
                    {
                        StabilizationWindowSeconds = options.ScaleDownStabilizationSeconds,
                        Policies = [new V2HPAScalingPolicy { Type = "Pods", Value = 1, PeriodSeconds = 60 }],
                    },
                },
            },
        };
    }

    private static string DeploymentComment(ProjectResource project)
    {
        var lines = new List<string>
        {
            $"{project.Name}: {project.Replicas} replica(s) as in the model. The environment is the run-mode contract (EnvironmentContract)",
            "with Service DNS names and container ports; shared settings come from the ephemchat-settings ConfigMap and the",
            "store's connection string from its Secret. WaitFor becomes readiness: /health includes the store's check.",
        };
        if (project.Replicas > 1)
        {
            lines.Add("");
            lines.Add("SignalR needs every request of one connection on one pod. The web app connects with WebSockets only and");
            lines.Add("skipNegotiation, so a connection is one TCP stream and the Service's per-connection balancing is enough;");
            lines.Add("the Redis backplane (ConnectionStrings__redis) joins the pods so a message reaches users on any of them.");
        }
        if (project.IsExternal)
        {
            lines.Add("");
            lines.Add("The one public origin: the Ingress sends everything here. It trusts X-Forwarded-For only from in-cluster");
            lines.Add("networks (ForwardedHeaders__KnownNetworks__*) so rate limits apply per client, not per ingress controller.");
            lines.Add("Its YARP cluster for signaling keeps cookie session affinity; in Kubernetes that cluster has one destination");
            lines.Add("(the signaling Service), so affinity is by connection, as above.");
        }
        return string.Join('\n', lines);
    }

    private static string ServiceComment(ProjectResource project) => string.Join('\n', project.Endpoints.Select(e =>
        $"{KubernetesNames.ServiceUrl(project, e)}: {(e.Transport == "http2" ? "gRPC (cleartext HTTP/2)" : "HTTP/1.1 (REST, health, WebSockets)")}"));
}
