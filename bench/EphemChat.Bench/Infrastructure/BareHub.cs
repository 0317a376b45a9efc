using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// The floor of what SignalR itself costs on this machine: a bare hub on Kestrel (its own process, the services'
/// runtime settings) that relays a signal of the same shape as signaling's to another connection, with nothing else:
/// no gateway, no authentication, no store, no backplane, no telemetry, no limits. The relay and connections
/// scenarios measure it next to the system, so a figure can be read against what the framework alone allows.
/// With <c>--redis host:port</c> it adds SignalR's Redis backplane, as every hub with more than one replica needs,
/// and gives each connection a user id, as signaling's have (two backplane subscriptions per connection).
/// </summary>
public static class BareHub
{
    public const string Mode = "serve-hub";

    /// <summary>
    /// The runtime settings of signaling's processes, which the floors run with too: the bench's own (the JIT settings
    /// of <see cref="BenchSystem.DefaultServiceEnvironment"/>), and the workstation GC that signaling's project sets.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>(BenchSystem.DefaultServiceEnvironment)
    {
        ["DOTNET_gcServer"] = "0",
    };

    public const string Path = "/hub";

    /// <summary>The gateway route a relay run adds to reach the bare hub through YARP (the hub answers there too).</summary>
    public const string GatewayPath = "/bench-hub";

    /// <summary>The gateway route to two bare hubs sharing a Redis backplane, as signaling's two replicas do.</summary>
    public const string ReplicatedGatewayPath = "/bench-hubs";

    /// <summary>Runs the bare hub on <c>--port</c> until the parent process ends.</summary>
    public static async Task<int> ServeAsync(BenchArguments args)
    {
        var port = args.Int("port", 0);
        var redis = args.String("redis");
        args.RejectUnknown();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var signalR = builder.Services.AddSignalR();
        if (redis is not null)
        {
            signalR.AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("bench-hub"));
            builder.Services.AddSingleton<IUserIdProvider, ConnectionUserIdProvider>();
        }
        var app = builder.Build();
        app.MapHub<RelayHub>(Path, options => options.Transports = HttpTransportType.WebSockets);
        app.MapHub<RelayHub>(GatewayPath, options => options.Transports = HttpTransportType.WebSockets);
        app.MapHub<RelayHub>(ReplicatedGatewayPath, options => options.Transports = HttpTransportType.WebSockets);
        await app.StartAsync();
        await ChildProcess.WaitForParentAsync();
        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// A client of the bare hub, connected the way the web app connects (WebSockets, no negotiation): straight to
    /// the hub's port on <see cref="Path"/>, or to the gateway's port on one of the gateway paths.
    /// </summary>
    public static HubConnection Client(int port, string path = Path) => HubClients.Connect(new Uri($"http://127.0.0.1:{port}{path}"));

    /// <summary>
    /// <c>Signal</c> takes signaling's arguments, the target being a connection id; <c>Id</c> tells a client its own.
    /// </summary>
    public sealed class RelayHub : Hub
    {
        public string Id() => Context.ConnectionId;

        public Task Signal(string roomId, string toPeer, string kind, JsonElement payload, string id) =>
            Clients.Client(toPeer).SendAsync("Signal", new SignalEvent(roomId, Context.ConnectionId, kind, payload, id));
    }

    /// <summary>Every connection its own user, so the backplane subscribes to a user channel as it does in signaling.</summary>
    private sealed class ConnectionUserIdProvider : IUserIdProvider
    {
        public string GetUserId(HubConnectionContext connection) => connection.ConnectionId;
    }

    /// <summary>The event as signaling sends it.</summary>
    public sealed record SignalEvent(string RoomId, string FromPeer, string Kind, JsonElement Payload, string Id);
}
