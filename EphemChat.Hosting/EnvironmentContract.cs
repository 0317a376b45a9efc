using System.Text.RegularExpressions;

namespace EphemChat.Hosting;

/// <summary>
/// The environment each process receives: exactly the variables and formats .NET Aspire passes, so services,
/// tests and Kubernetes manifests all wire a service the same way.
/// </summary>
public static partial class EnvironmentContract
{
    /// <summary>The variables of one replica of <paramref name="resource"/>.</summary>
    public static Dictionary<string, string> For(
        Resource resource, int replica, ResourceAllocation allocation, DistributedApplicationOptions options)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resource is ProjectResource)
        {
            AddProjectDefaults(env, resource, replica, allocation, options);
        }

        foreach (var reference in resource.References)
        {
            AddReference(env, reference, allocation);
        }
        foreach (var (name, value) in resource.Environment)
        {
            env[name] = value;
        }
        foreach (var (name, endpoint) in resource.EnvironmentReferences)
        {
            env[name] = endpoint.Url(allocation);
        }
        return env;
    }

    /// <summary>An identifier of one replica, used as <c>service.instance.id</c>.</summary>
    public static string ReplicaId(Resource resource, int replica) => $"{resource.Name}-{replica}";

    /// <summary>A name as Aspire turns it into a variable prefix: non <c>[A-Za-z0-9_]</c> become <c>_</c>, upper case.</summary>
    public static string EnvironmentName(string name) => NonIdentifier().Replace(name, "_").ToUpperInvariant();

    private static void AddProjectDefaults(
        Dictionary<string, string> env, Resource resource, int replica, ResourceAllocation allocation, DistributedApplicationOptions options)
    {
        var http = allocation.Url(resource, "http", replica);
        env["ASPNETCORE_URLS"] = http;
        if (resource.Endpoints.Count > 1)
        {
            // A project with more than one endpoint declares them by name, as Aspire does for Kestrel endpoints.
            foreach (var endpoint in resource.Endpoints)
            {
                env[$"Kestrel__Endpoints__{endpoint.Name}__Url"] = allocation.Url(resource, endpoint.Name, replica);
            }
        }
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["OTEL_SERVICE_NAME"] = resource.Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={ReplicaId(resource, replica)}";
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.OtlpEndpoint;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = options.OtlpProtocol;
        }
        env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        env["OTEL_TRACES_SAMPLER"] = "always_on";
        env["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
    }

    private static void AddReference(Dictionary<string, string> env, Resource reference, ResourceAllocation allocation)
    {
        var prefix = EnvironmentName(reference.Name);
        if (reference is RedisResource redis)
        {
            var connection = allocation.ConnectionString(redis);
            var hostPort = connection.Split(',')[0];
            var separator = hostPort.LastIndexOf(':');
            env[$"ConnectionStrings__{reference.Name}"] = connection;
            env[$"{prefix}_HOST"] = separator > 0 ? hostPort[..separator] : hostPort;
            env[$"{prefix}_PORT"] = separator > 0 ? hostPort[(separator + 1)..] : "6379";
            env[$"{prefix}_URI"] = $"redis://{hostPort}";
            return;
        }

        foreach (var endpoint in reference.Endpoints)
        {
            for (var replica = 0; replica < reference.Replicas; replica++)
            {
                env[$"services__{reference.Name}__{endpoint.Name}__{replica}"] = allocation.Url(reference, endpoint.Name, replica);
            }
            env[$"{prefix}_{EnvironmentName(endpoint.Name)}"] = allocation.Url(reference, endpoint.Name);
        }
    }

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NonIdentifier();
}
