namespace EphemChat.Hosting;

/// <summary>A named part of the distributed application (a store, a project, an executable).</summary>
public abstract class Resource(string name)
{
    /// <summary>The lowercase resource name: the only address other resources use.</summary>
    public string Name { get; } = name;

    /// <summary>Resources this one needs, in the order they were referenced.</summary>
    public List<Resource> References { get; } = [];

    /// <summary>Resources that must be running and healthy before this one starts.</summary>
    public List<Resource> WaitsFor { get; } = [];

    /// <summary>Extra environment variables set by <c>WithEnvironment</c>.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Variables whose value is another resource's endpoint URL, known only at start.</summary>
    public Dictionary<string, EndpointReference> EnvironmentReferences { get; } = new(StringComparer.Ordinal);

    /// <summary>Named endpoints of this resource.</summary>
    public List<EndpointAnnotation> Endpoints { get; } = [];

    /// <summary>The path polled for 200 before the resource counts as healthy (null: running is enough).</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>How many processes run this resource.</summary>
    public int Replicas { get; set; } = 1;

    /// <summary>Runs only on a developer's machine (coturn on loopback): never published, as Aspire's <c>ExcludeFromManifest</c>.</summary>
    public bool ExcludeFromManifest { get; set; }

    /// <summary>Variables that exist only on a developer's machine (a local resource's address or secret): never published.</summary>
    public HashSet<string> LocalOnlyEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Reachable from outside the cluster (the gateway): an Ingress in Kubernetes.</summary>
    public bool IsExternal { get; set; }

    /// <summary>The endpoint with this name, or null.</summary>
    public EndpointAnnotation? GetEndpoint(string name) => Endpoints.FirstOrDefault(e => e.Name == name);
}

/// <summary>A named endpoint; <see cref="Port"/> null means a free loopback port is chosen at start.</summary>
public sealed class EndpointAnnotation(string name, int? port, string transport = "http")
{
    /// <summary>The endpoint name (<c>http</c>, <c>grpc</c>, ...).</summary>
    public string Name { get; } = name;

    /// <summary>A fixed port for replica 0, or null for a dynamic one.</summary>
    public int? Port { get; set; } = port;

    /// <summary><c>http</c> (HTTP/1.1) or <c>http2</c> (cleartext HTTP/2, gRPC).</summary>
    public string Transport { get; } = transport;

    /// <summary>The port the container listens on when published to Kubernetes.</summary>
    public int TargetPort { get; set; } = name == "grpc" ? 8081 : 8080;
}

/// <summary>A resource that others reach with a connection string (<c>ConnectionStrings__{name}</c>).</summary>
public interface IResourceWithConnectionString
{
    /// <summary>The resource name.</summary>
    string Name { get; }
}

/// <summary>A .NET project started as its own process (<c>dotnet Project.dll</c>) in its project folder.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name)
{
    /// <summary>The absolute path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    /// <summary>The project's folder: the working directory of its processes.</summary>
    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    /// <summary>The assembly name, taken from the project file name.</summary>
    public string AssemblyName => Path.GetFileNameWithoutExtension(ProjectPath);
}

/// <summary>Any program on the PATH (coturn, for example).</summary>
public sealed class ExecutableResource(string name, string command, string workingDirectory) : Resource(name)
{
    /// <summary>The program to start.</summary>
    public string Command { get; } = command;

    /// <summary>Its working directory.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>Arguments; <c>{endpoint:NAME}</c> in an argument is replaced by that endpoint's port.</summary>
    public List<string> Args { get; } = [];
}

/// <summary>Where the <c>redis</c> resource comes from.</summary>
public enum RedisMode
{
    /// <summary>A Garnet server embedded in the AppHost process: nothing to install.</summary>
    Garnet,

    /// <summary>Debian's <c>redis-server</c> started as a process.</summary>
    RedisServer,

    /// <summary>A server that already runs elsewhere, given by connection string.</summary>
    External,
}

/// <summary>The store: embedded Garnet by default, <c>redis-server</c> or an external connection string by configuration.</summary>
public sealed class RedisResource(string name) : Resource(name), IResourceWithConnectionString
{
    /// <summary>How the store is provided.</summary>
    public RedisMode Mode { get; set; } = RedisMode.Garnet;

    /// <summary>The connection string when <see cref="Mode"/> is <see cref="RedisMode.External"/>.</summary>
    public string? ExternalConnectionString { get; set; }

    /// <summary>The <c>redis-server</c> program.</summary>
    public string RedisServerPath { get; set; } = "redis-server";
}
