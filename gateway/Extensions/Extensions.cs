using EphemChat.Gateway.Api;
using EphemChat.Gateway.Proxy;
using EphemChat.Gateway.Security;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace EphemChat.Gateway.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Routes and clusters are configuration; destinations ("http://rooms") are resolved by service discovery
        // from services__rooms__http__N, so every replica of a service becomes a destination.
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();

        builder.AddClientRateLimiting();
        builder.Services.AddHttpClient(StatusApi.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(1));
    }
}
