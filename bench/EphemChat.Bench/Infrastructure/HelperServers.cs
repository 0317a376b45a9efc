using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using EphemChat.Hosting.Orchestration;
using Garnet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EphemChat.Bench.Infrastructure;

/// <summary>The servers <see cref="ChildProcess"/> runs: the store and the bare WebSocket echo server.</summary>
public static class HelperServers
{
    public const string StoreMode = "serve-store";

    public const string EchoMode = "serve-echo";

    public const string EchoPath = "/echo";

    /// <summary>The gateway route a relay run adds to reach the echo server through YARP.</summary>
    public const string GatewayEchoPath = "/bench-echo";

    /// <summary>An embedded Garnet with exactly the AppHost's flags (<see cref="GarnetArguments"/>), on its own.</summary>
    public static async Task<int> ServeStoreAsync(BenchArguments args)
    {
        var port = args.Int("port", 0);
        args.RejectUnknown();
        using var garnet = new GarnetServer(GarnetArguments.For(port), loggerFactory: null, cleanupDir: true);
        garnet.Start();
        await ChildProcess.WaitForParentAsync();
        return 0;
    }

    /// <summary>
    /// The physical reference of the relay: bare Kestrel on loopback that sends every WebSocket message straight back
    /// to its sender, frame by frame, with nothing in between (no gateway, no framework, no store).
    /// </summary>
    public static async Task<int> ServeEchoAsync(BenchArguments args)
    {
        var port = args.Int("port", 0);
        args.RejectUnknown();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.UseWebSockets();
        // Every path: the relay scenario also reaches it through a gateway route of its own.
        app.Run(async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                        return;
                    }
                    await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The client went away: nothing to echo any more.
            }
        });
        await app.StartAsync();
        await ChildProcess.WaitForParentAsync();
        await app.StopAsync();
        return 0;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
