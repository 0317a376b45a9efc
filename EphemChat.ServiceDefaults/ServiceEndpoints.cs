using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service listens on two named Kestrel endpoints: <c>http</c> (HTTP/1.1: REST, health, WebSockets) and
/// <c>grpc</c> (HTTP/2 cleartext). A cleartext endpoint set to Http1AndHttp2 only ever speaks HTTP/1.1, hence two.
/// The URLs come from the environment (<c>Kestrel__Endpoints__http__Url</c>, <c>Kestrel__Endpoints__grpc__Url</c>),
/// exactly as Aspire passes them to a project that declares Kestrel endpoints.
/// </summary>
public static class ServiceEndpoints
{
    /// <summary>The name of the HTTP/1.1 endpoint.</summary>
    public const string Http = "http";

    /// <summary>The name of the HTTP/2 endpoint that serves gRPC.</summary>
    public const string Grpc = "grpc";

    /// <summary>Gives the named endpoints their protocols when the environment declares them.</summary>
    public static TBuilder ConfigureServiceEndpoints<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var endpoints = builder.Configuration.GetSection("Kestrel:Endpoints");
        var protocols = new Dictionary<string, string?>();
        if (endpoints[$"{Http}:Url"] is not null)
        {
            protocols[$"Kestrel:Endpoints:{Http}:Protocols"] = nameof(HttpProtocols.Http1);
        }
        if (endpoints[$"{Grpc}:Url"] is not null)
        {
            protocols[$"Kestrel:Endpoints:{Grpc}:Protocols"] = nameof(HttpProtocols.Http2);
        }
        if (protocols.Count == 0)
        {
            return builder;
        }

        builder.Configuration.AddInMemoryCollection(protocols);
        if (builder is Microsoft.AspNetCore.Builder.WebApplicationBuilder web)
        {
            // Named endpoints replace ASPNETCORE_URLS; clearing it avoids Kestrel's "Overriding address(es)" warning.
            web.WebHost.UseUrls();
        }
        return builder;
    }
}
