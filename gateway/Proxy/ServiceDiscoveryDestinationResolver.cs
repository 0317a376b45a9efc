using System.Net;
using Microsoft.Extensions.ServiceDiscovery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace EphemChat.Gateway.Proxy;

/// <summary>
/// Turns a destination such as <c>http://signaling</c> into one destination per endpoint that service discovery
/// knows (<c>services__signaling__http__0</c>, <c>__1</c>, ...): the AppHost's replicas, or one Kubernetes Service.
/// </summary>
internal sealed class ServiceDiscoveryDestinationResolver(ServiceEndpointResolver resolver) : IDestinationResolver
{
    public async ValueTask<ResolvedDestinationCollection> ResolveDestinationsAsync(
        IReadOnlyDictionary<string, DestinationConfig> destinations, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, DestinationConfig>();
        var changeTokens = new List<Microsoft.Extensions.Primitives.IChangeToken>();
        foreach (var (name, destination) in destinations)
        {
            var address = new Uri(destination.Address);
            var source = await resolver.GetEndpointsAsync(address.GetLeftPart(UriPartial.Authority), cancellationToken);
            changeTokens.Add(source.ChangeToken);
            var index = 0;
            foreach (var endpoint in source.Endpoints)
            {
                var target = ToUri(address, endpoint.EndPoint);
                resolved[$"{name}[{index++}]"] = destination with { Address = target.ToString(), Host = destination.Host };
            }
        }
        return new ResolvedDestinationCollection(resolved, new Microsoft.Extensions.Primitives.CompositeChangeToken(changeTokens));
    }

    private static Uri ToUri(Uri original, EndPoint endpoint) => endpoint switch
    {
        UriEndPoint uri => new UriBuilder(original) { Host = uri.Uri.Host, Port = uri.Uri.Port, Scheme = uri.Uri.Scheme }.Uri,
        DnsEndPoint dns => new UriBuilder(original) { Host = dns.Host, Port = dns.Port }.Uri,
        IPEndPoint ip => new UriBuilder(original) { Host = ip.Address.ToString(), Port = ip.Port }.Uri,
        _ => original,
    };
}
