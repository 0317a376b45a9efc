using EphemChat.Hosting.Orchestration;
using Garnet;
using StackExchange.Redis;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// The store under test: an embedded Garnet with the AppHost's flags on a free port, or an existing Redis-protocol
/// server given with <c>--redis host:port</c> (say, redis-server, to compare).
/// </summary>
public sealed class BenchStore : IAsyncDisposable
{
    private readonly GarnetServer? _garnet;

    private BenchStore(string connectionString, GarnetServer? garnet, string description)
    {
        ConnectionString = connectionString;
        _garnet = garnet;
        Description = description;
    }

    public string ConnectionString { get; }

    public string Description { get; }

    public static BenchStore Start(string? connectionString)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BenchStore(connectionString, null, $"redis at {connectionString}");
        }
        var port = FreePort();
        var garnet = new GarnetServer(GarnetArguments.For(port), loggerFactory: null, cleanupDir: true);
        garnet.Start();
        return new BenchStore($"127.0.0.1:{port}", garnet, $"embedded Garnet on port {port} (--lua --lua-transaction-mode)");
    }

    /// <summary>Removes the keys of earlier runs from a shared server.</summary>
    public async Task ClearAsync(string pattern)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var db = connection.GetDatabase();
        await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
        {
            await db.KeyDeleteAsync(key);
        }
    }

    public ValueTask DisposeAsync()
    {
        _garnet?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
