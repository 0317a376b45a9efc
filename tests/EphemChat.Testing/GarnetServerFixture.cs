using Garnet;
using StackExchange.Redis;
using Xunit;

namespace EphemChat.Testing;

/// <summary>
/// A real Garnet server on a free loopback port, started with the same flags as the AppHost's store
/// (Lua on, transactional). Share one per test class or collection; isolate tests by their own keys or FLUSHALL.
/// </summary>
public sealed class GarnetServerFixture : IAsyncLifetime
{
    private GarnetServer? _server;
    private ConnectionMultiplexer? _connection;

    public int Port { get; } = FreePorts.Next();

    /// <summary><c>127.0.0.1:port</c>, the value of <c>ConnectionStrings__redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port},allowAdmin=true";

    /// <summary>A client for assertions on the store itself.</summary>
    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Not started.");

    public IDatabase Database => Connection.GetDatabase();

    public async Task InitializeAsync()
    {
        _server = new GarnetServer(EphemChat.Hosting.Orchestration.GarnetArguments.For(Port), loggerFactory: null, // Never cleanupDir: true: with no data folder configured Garnet "cleans up" the working directory.
            cleanupDir: false);
        _server.Start();
        _connection = await ConnectionMultiplexer.ConnectAsync(ConnectionString);
    }

    public Task DisposeAsync()
    {
        _connection?.Dispose();
        _server?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Every key in the store with its value rendered as text (strings, hashes, lists, sets, sorted sets).</summary>
    public Task<IReadOnlyList<StoredKey>> ScanAsync() => StoreScanner.ScanAsync(Connection);

    /// <summary>Empties the store.</summary>
    public Task FlushAsync() => Database.ExecuteAsync("FLUSHALL");
}
