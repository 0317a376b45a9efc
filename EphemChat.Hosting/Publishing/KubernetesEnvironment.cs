using System.Net;
using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// A project's environment in Kubernetes: exactly the variables <see cref="EnvironmentContract"/> gives it in run
/// mode, translated one by one (Service DNS names and container ports instead of loopback ports, the store's
/// connection string from a Secret, production telemetry settings from a shared ConfigMap). A variable the contract
/// gains later and this class does not know stops the publish, so the two cannot drift apart silently.
/// </summary>
internal sealed class KubernetesEnvironment
{
    /// <summary>Set from the pod's name: the unique id of each replica.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>The variables through which the gateway trusts the ingress controller's <c>X-Forwarded-For</c>.</summary>
    public const string TrustedNetworkVariablePrefix = "ForwardedHeaders__KnownNetworks__";

    private readonly DistributedApplicationBuilder _model;
    private readonly KubernetesPublishingOptions _options;

    // Only the variable names of run mode matter here; these loopback ports are never written anywhere.
    private readonly ResourceAllocation _runMode;

    public KubernetesEnvironment(DistributedApplicationBuilder model, KubernetesPublishingOptions options)
    {
        _model = model;
        _options = options;
        _runMode = ResourceAllocation.Allocate(model.Resources, randomizePorts: true);
        SharedSettings = CreateSharedSettings(model.Options);
    }

    /// <summary>
    /// Settings every project reads alike, kept in one ConfigMap so an operator changes them in one place. The names
    /// are the run-mode names; the values suit production: the 1 s export intervals of run mode feed a local
    /// dashboard, in a cluster they would multiply the collector's load; logs are JSON lines without colour codes
    /// for the cluster's log collector.
    /// </summary>
    public SortedDictionary<string, string> SharedSettings { get; }

    /// <summary>The container environment of a project, <see cref="PodNameVariable"/> first (others refer to it), then by name.</summary>
    public List<V1EnvVar> For(ProjectResource project)
    {
        var runMode = EnvironmentContract.For(project, 0, _runMode, _model.Options);
        var translations = Translations(project);
        var variables = new SortedDictionary<string, V1EnvVar>(StringComparer.Ordinal);
        foreach (var name in runMode.Keys)
        {
            if (project.LocalOnlyEnvironment.Contains(name))
            {
                // The address or secret of a resource that runs only on a developer's machine.
                continue;
            }
            if (project.Environment.TryGetValue(name, out var value))
            {
                // WithEnvironment wins in run mode, so it wins here too.
                EnsureNotLoopback(project, name, value);
                variables[name] = Literal(name, value);
            }
            else if (translations.TryGetValue(name, out var translated))
            {
                if (translated is not null)
                {
                    variables[name] = translated;
                }
            }
            else if (!SharedSettings.ContainsKey(name))
            {
                throw new InvalidOperationException(
                    $"The run-mode environment of '{project.Name}' has {name}, which the Kubernetes publisher does not translate. " +
                    $"Teach {nameof(KubernetesEnvironment)} what it is in a cluster.");
            }
        }

        if (project.IsExternal)
        {
            for (var i = 0; i < _options.TrustedProxyNetworks.Count; i++)
            {
                variables[$"{TrustedNetworkVariablePrefix}{i}"] = Literal($"{TrustedNetworkVariablePrefix}{i}", _options.TrustedProxyNetworks[i]);
            }
        }

        return
        [
            new V1EnvVar { Name = PodNameVariable, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } },
            .. variables.Values,
        ];
    }

    /// <summary>The Secret values of the store: its connection string and the parts Aspire also passes.</summary>
    public static SortedDictionary<string, string> StoreSecretValues(RedisResource redis)
    {
        var connection = redis is { Mode: RedisMode.External, ExternalConnectionString: { } external }
            ? external
            : $"{redis.Name}:{StorePort(redis)}";
        var hostPort = connection.Split(',')[0];
        var separator = hostPort.LastIndexOf(':');
        var host = separator > 0 ? hostPort[..separator] : hostPort;
        var port = separator > 0 ? hostPort[(separator + 1)..] : "6379";
        return new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [SecretKeys.ConnectionString] = connection,
            [SecretKeys.Host] = host,
            [SecretKeys.Port] = port,
            [SecretKeys.Uri] = $"redis://{host}:{port}",
        };
    }

    /// <summary>The container port of the store.</summary>
    public static int StorePort(RedisResource redis) => redis.Endpoints.FirstOrDefault()?.TargetPort ?? 6379;

    /// <summary>Run-mode name → the Kubernetes variable; null: deliberately left out.</summary>
    private Dictionary<string, V1EnvVar?> Translations(ProjectResource project)
    {
        var translations = new Dictionary<string, V1EnvVar?>(StringComparer.Ordinal);
        void Add(string name, string value) => translations[name] = Literal(name, value);

        // The process listens on every interface of the pod, on the container ports the Service targets.
        var http = project.GetEndpoint("http") ?? throw new PublishingException($"Project '{project.Name}' has no http endpoint.");
        Add("ASPNETCORE_URLS", ListenUrl(http));
        foreach (var endpoint in project.Endpoints)
        {
            Add($"Kestrel__Endpoints__{endpoint.Name}__Url", ListenUrl(endpoint));
        }
        Add("OTEL_SERVICE_NAME", project.Name);
        // Kubernetes expands $(POD_NAME) because POD_NAME comes first: each replica keeps its own instance id.
        Add("OTEL_RESOURCE_ATTRIBUTES", $"service.instance.id=$({PodNameVariable})");

        foreach (var reference in project.References)
        {
            var prefix = EnvironmentContract.EnvironmentName(reference.Name);
            if (reference is RedisResource redis)
            {
                var secret = KubernetesNames.StoreSecret(redis);
                translations[$"ConnectionStrings__{redis.Name}"] = FromSecret($"ConnectionStrings__{redis.Name}", secret, SecretKeys.ConnectionString);
                translations[$"{prefix}_HOST"] = FromSecret($"{prefix}_HOST", secret, SecretKeys.Host);
                translations[$"{prefix}_PORT"] = FromSecret($"{prefix}_PORT", secret, SecretKeys.Port);
                translations[$"{prefix}_URI"] = FromSecret($"{prefix}_URI", secret, SecretKeys.Uri);
                continue;
            }
            foreach (var endpoint in reference.Endpoints)
            {
                var url = KubernetesNames.ServiceUrl(reference, endpoint);
                Add($"services__{reference.Name}__{endpoint.Name}__0", url);
                // One Service fronts every replica: run mode's addresses of replicas 1..n have no counterpart.
                for (var replica = 1; replica < reference.Replicas; replica++)
                {
                    translations[$"services__{reference.Name}__{endpoint.Name}__{replica}"] = null;
                }
                Add($"{prefix}_{EnvironmentContract.EnvironmentName(endpoint.Name)}", url);
            }
        }

        // An endpoint of the public resource (the gateway) is, in a cluster, the origin people type: the Ingress host.
        // Run mode lists it under several loopback host names (localhost, 127.0.0.1); each becomes that one origin.
        var publicOrigin = $"{(_options.TlsSecretName is null ? "http" : "https")}://{_options.IngressHost}";
        foreach (var (name, endpoint) in project.EnvironmentReferences)
        {
            Add(name, endpoint.Resource.IsExternal
                ? publicOrigin
                : KubernetesNames.ServiceUrl(endpoint.Resource, endpoint.Resource.GetEndpoint(endpoint.EndpointName)!));
        }
        return translations;
    }

    private static SortedDictionary<string, string> CreateSharedSettings(DistributedApplicationOptions options)
    {
        var settings = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "json",
            // The OpenTelemetry SDK's own defaults.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "5000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "1000",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "60000",
            // Keep the caller's sampling decision; sample every root trace.
            ["OTEL_TRACES_SAMPLER"] = "parentbased_always_on",
        };
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            if (IsLoopback(options.OtlpEndpoint))
            {
                throw new PublishingException(
                    $"--otlp-endpoint {options.OtlpEndpoint} is a loopback address: in a pod it is the pod itself. " +
                    "Give the collector's address in the cluster (http://otel-collector.monitoring:4317).");
            }
            settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.OtlpEndpoint;
            settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = options.OtlpProtocol;
        }
        return settings;
    }

    private static void EnsureNotLoopback(Resource resource, string name, string value)
    {
        if (IsLoopback(value))
        {
            throw new PublishingException(
                $"{resource.Name}: WithEnvironment(\"{name}\", \"{value}\") points at this machine, which a pod cannot reach.");
        }
    }

    private static bool IsLoopback(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return uri.IsLoopback;
        }
        // host:port[,options], as in a connection string; a bare number is a setting, not an address.
        var host = value.Split(',')[0];
        var separator = host.LastIndexOf(':');
        host = separator > 0 ? host[..separator] : host;
        return host == "localhost"
            || (host.Count(c => c == '.') == 3 && IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }

    private static string ListenUrl(EndpointAnnotation endpoint) => $"http://+:{endpoint.TargetPort}";

    private static V1EnvVar Literal(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };

    /// <summary>The keys of the store's Secret.</summary>
    public static class SecretKeys
    {
        /// <summary><c>host:port[,password=...]</c>, what every service reads.</summary>
        public const string ConnectionString = "connection-string";

        /// <summary>The host alone (<c>REDIS_HOST</c>).</summary>
        public const string Host = "host";

        /// <summary>The port alone (<c>REDIS_PORT</c>).</summary>
        public const string Port = "port";

        /// <summary><c>redis://host:port</c> (<c>REDIS_URI</c>).</summary>
        public const string Uri = "uri";
    }
}
