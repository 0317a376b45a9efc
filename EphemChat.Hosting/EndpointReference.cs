namespace EphemChat.Hosting;

/// <summary>
/// An endpoint of another resource whose port is known only when the application starts, as Aspire's
/// <c>EndpointReference</c>: <c>signaling.WithEnvironment("X", gateway.GetEndpoint("http"))</c>.
/// </summary>
public sealed class EndpointReference(Resource resource, string endpointName, string host)
{
    /// <summary>The resource that owns the endpoint.</summary>
    public Resource Resource { get; } = resource;

    /// <summary>The endpoint's name.</summary>
    public string EndpointName { get; } = endpointName;

    /// <summary>The URL of replica 0 with this reference's host name.</summary>
    public string Url(ResourceAllocation allocation) => $"http://{host}:{allocation.Port(Resource, EndpointName)}";
}

/// <summary>Endpoint references and environment values resolved at start.</summary>
public static class EndpointReferenceExtensions
{
    /// <summary>A reference to an endpoint of this resource; <paramref name="host"/> is what a browser would type.</summary>
    public static EndpointReference GetEndpoint<T>(this IResourceBuilder<T> builder, string name, string host = "localhost")
        where T : Resource => new(builder.Resource, name, host);

    /// <summary>Sets a variable to the URL of another resource's endpoint, resolved when the ports are known.</summary>
    public static IResourceBuilder<T> WithEnvironment<T>(this IResourceBuilder<T> builder, string name, EndpointReference endpoint)
        where T : Resource
    {
        builder.Resource.EnvironmentReferences[name] = endpoint;
        return builder;
    }
}
