using Garnet;

namespace EphemChat.Hosting.Orchestration;

/// <summary>
/// The default store: a Garnet server inside the AppHost process, so the system runs with nothing installed.
/// Lua is on, and transactional, because matchmaking and rooms depend on atomic scripts.
/// </summary>
internal sealed class GarnetReplica(RedisResource resource, ResourceAllocation allocation)
    : ReplicaRunner(resource, 0, allocation)
{
    private GarnetServer? _server;

    public override int? ProcessId => _server is null ? null : Environment.ProcessId;

    protected override Task LaunchAsync(CancellationToken cancellationToken)
    {
        var port = Allocation.Port(Resource, "tcp");
        // Never cleanupDir: true: Garnet's data folders default to the working directory, which it would delete.
        _server = new GarnetServer(GarnetArguments.For(port), loggerFactory: null, cleanupDir: false);
        _server.Start();
        Logs.Write($"Garnet listening on 127.0.0.1:{port} (embedded, Lua transactions on)", isError: false);
        return Task.CompletedTask;
    }

    protected override Task TerminateAsync()
    {
        _server?.Dispose();
        _server = null;
        return Task.CompletedTask;
    }

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        _server is null ? Task.FromResult(false) : RespProbe.PingAsync("127.0.0.1", Allocation.Port(Resource, "tcp"), cancellationToken);
}
