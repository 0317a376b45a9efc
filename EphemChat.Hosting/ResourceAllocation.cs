namespace EphemChat.Hosting;

/// <summary>The ports chosen for every endpoint of every replica, fixed for the life of the application.</summary>
public sealed class ResourceAllocation
{
    private readonly Dictionary<(string Resource, string Endpoint), int[]> _ports = [];
    private readonly Dictionary<string, string> _externalConnectionStrings = [];

    /// <summary>Chooses ports: a fixed port for replica 0 unless ports are randomized, a free loopback port otherwise.</summary>
    public static ResourceAllocation Allocate(IEnumerable<Resource> resources, bool randomizePorts)
    {
        var allocation = new ResourceAllocation();
        foreach (var resource in resources)
        {
            if (resource is RedisResource { Mode: RedisMode.External, ExternalConnectionString: { } external })
            {
                allocation._externalConnectionStrings[resource.Name] = external;
                continue;
            }
            foreach (var endpoint in resource.Endpoints)
            {
                var ports = new int[resource.Replicas];
                for (var replica = 0; replica < resource.Replicas; replica++)
                {
                    ports[replica] = replica == 0 && endpoint.Port is { } fixedPort && !randomizePorts ? fixedPort : FreePort();
                }
                allocation._ports[(resource.Name, endpoint.Name)] = ports;
            }
        }
        return allocation;
    }

    /// <summary>The port of one replica's endpoint.</summary>
    public int Port(Resource resource, string endpoint, int replica = 0) =>
        _ports.TryGetValue((resource.Name, endpoint), out var ports)
            ? ports[replica]
            : throw new InvalidOperationException($"Resource '{resource.Name}' has no endpoint '{endpoint}'.");

    /// <summary>True when the endpoint has a port of its own (an external store has none).</summary>
    public bool HasPort(Resource resource, string endpoint) => _ports.ContainsKey((resource.Name, endpoint));

    /// <summary>The URL of one replica's endpoint, on loopback.</summary>
    public string Url(Resource resource, string endpoint, int replica = 0) => $"http://127.0.0.1:{Port(resource, endpoint, replica)}";

    /// <summary>The connection string of a store: <c>host:port</c> (plus options for an external one).</summary>
    public string ConnectionString(RedisResource redis) =>
        _externalConnectionStrings.TryGetValue(redis.Name, out var external) ? external : $"127.0.0.1:{Port(redis, "tcp")}";

    private static int FreePort() => PortAllocator.Next();
}
