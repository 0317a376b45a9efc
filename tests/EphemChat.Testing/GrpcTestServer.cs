using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EphemChat.Testing;

/// <summary>
/// A real gRPC server (Kestrel, cleartext HTTP/2, free loopback port) hosting test implementations of a peer's
/// contract, for example a Signaling service that records every Notify. Wire it into the service under test with
/// <c>services:NAME:grpc:0 = Url</c>. The distributed tests cover the real peers.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcTestServer> StartAsync(Action<IServiceCollection> configureServices, Action<IEndpointRouteBuilder> map)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        configureServices(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return new GrpcTestServer(app, port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
