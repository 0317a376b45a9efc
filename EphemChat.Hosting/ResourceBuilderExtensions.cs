namespace EphemChat.Hosting;

/// <summary>The resource methods of Aspire's model.</summary>
public static class ResourceBuilderExtensions
{
    /// <summary>
    /// The store: an embedded Garnet server by default; <c>--redis redis-server</c> starts Debian's redis-server;
    /// <c>--redis-connection host:port</c> (or <c>ConnectionStrings:redis</c>) uses a server that already runs.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedis(this DistributedApplicationBuilder builder, string name)
    {
        var resource = new RedisResource(name);
        var configured = builder.Configuration["redis-connection"] ?? builder.Configuration[$"ConnectionStrings:{name}"];
        var mode = builder.Configuration["redis"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            resource.Mode = RedisMode.External;
            resource.ExternalConnectionString = configured;
        }
        else if (string.Equals(mode, "redis-server", StringComparison.OrdinalIgnoreCase))
        {
            resource.Mode = RedisMode.RedisServer;
            resource.RedisServerPath = builder.Configuration["redis-server-path"] ?? resource.RedisServerPath;
        }
        else if (mode is not null && !string.Equals(mode, "garnet", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"--redis must be 'garnet' or 'redis-server', not '{mode}'.");
        }
        resource.Endpoints.Add(new EndpointAnnotation("tcp", null, "tcp") { TargetPort = 6379 });
        return builder.AddResource(resource);
    }

    /// <summary>A .NET project; the path is relative to the AppHost folder. It gets an <c>http</c> endpoint.</summary>
    public static IResourceBuilder<ProjectResource> AddProject(this DistributedApplicationBuilder builder, string name, string projectPath)
    {
        var fullPath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, projectPath));
        var resource = new ProjectResource(name, fullPath);
        resource.Endpoints.Add(new EndpointAnnotation("http", null));
        return builder.AddResource(resource);
    }

    /// <summary>A program started as a process; <c>{endpoint:NAME}</c> in arguments is replaced by the port.</summary>
    public static IResourceBuilder<ExecutableResource> AddExecutable(
        this DistributedApplicationBuilder builder, string name, string command, string workingDirectory, params string[] args)
    {
        var resource = new ExecutableResource(name, command, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, workingDirectory)));
        resource.Args.AddRange(args);
        return builder.AddResource(resource);
    }

    /// <summary>
    /// Tells this resource where another is: a store by connection string (<c>ConnectionStrings__name</c>,
    /// <c>NAME_HOST</c>, <c>NAME_PORT</c>, <c>NAME_URI</c>), a project by every endpoint of every replica
    /// (<c>services__name__endpoint__i</c>, <c>NAME_ENDPOINT</c>).
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> source)
        where T : Resource
    {
        builder.Resource.References.Add(source.Resource);
        return builder;
    }

    /// <summary>Holds the start of this resource until <paramref name="dependency"/> runs and is healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<Resource> dependency)
        where T : Resource
    {
        builder.Resource.WaitsFor.Add(dependency.Resource);
        return builder;
    }

    /// <summary>Polls <paramref name="path"/> on the <c>http</c> endpoint until it answers 200.</summary>
    public static IResourceBuilder<T> WithHttpHealthCheck<T>(this IResourceBuilder<T> builder, string path = "/health")
        where T : Resource
    {
        builder.Resource.HealthCheckPath = path;
        return builder;
    }

    /// <summary>Runs <paramref name="replicas"/> processes, each on its own ports.</summary>
    public static IResourceBuilder<T> WithReplicas<T>(this IResourceBuilder<T> builder, int replicas) where T : Resource
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        builder.Resource.Replicas = replicas;
        return builder;
    }

    /// <summary>Marks the resource as reachable from outside (the one public origin).</summary>
    public static IResourceBuilder<T> WithExternalHttpEndpoints<T>(this IResourceBuilder<T> builder) where T : Resource
    {
        builder.Resource.IsExternal = true;
        return builder;
    }

    /// <summary>Adds or fixes an HTTP/1.1 endpoint (a null port is dynamic).</summary>
    public static IResourceBuilder<T> WithHttpEndpoint<T>(this IResourceBuilder<T> builder, int? port = null, string name = "http")
        where T : Resource => builder.WithEndpoint(name, port, "http");

    /// <summary>Adds the cleartext HTTP/2 endpoint named <c>grpc</c> that serves the resource's gRPC contract.</summary>
    public static IResourceBuilder<T> WithGrpcEndpoint<T>(this IResourceBuilder<T> builder, int? port = null) where T : Resource =>
        builder.WithEndpoint("grpc", port, "http2");

    /// <summary>Adds or fixes an endpoint.</summary>
    public static IResourceBuilder<T> WithEndpoint<T>(this IResourceBuilder<T> builder, string name, int? port, string transport)
        where T : Resource
    {
        if (builder.Resource.GetEndpoint(name) is { } existing)
        {
            existing.Port = port;
        }
        else
        {
            builder.Resource.Endpoints.Add(new EndpointAnnotation(name, port, transport));
        }
        return builder;
    }

    /// <summary>Keeps a resource out of published manifests: it exists for local runs only.</summary>
    public static IResourceBuilder<T> ExcludeFromManifest<T>(this IResourceBuilder<T> builder) where T : Resource
    {
        builder.Resource.ExcludeFromManifest = true;
        return builder;
    }

    /// <summary>Sets an environment variable on every replica.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, string value) where T : Resource
    {
        builder.Resource.Environment[name] = value;
        return builder;
    }
}
