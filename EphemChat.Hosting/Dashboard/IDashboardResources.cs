using EphemChat.Hosting.Orchestration;

namespace EphemChat.Hosting.Dashboard;

/// <summary>What the dashboard shows and controls of the running application (the AppHost's replicas).</summary>
internal interface IDashboardResources
{
    /// <summary>Every replica now.</summary>
    IReadOnlyList<ReplicaSnapshot> Snapshot();

    /// <summary>The console output of one replica.</summary>
    LogBuffer GetLogs(string resource, int replica);

    Task StopResourceAsync(string resource, int? replica);

    Task StartResourceAsync(string resource, int? replica, CancellationToken cancellationToken);

    Task RestartResourceAsync(string resource, int? replica, CancellationToken cancellationToken);
}

/// <summary>A dashboard without an application behind it: telemetry only (a standalone receiver).</summary>
internal sealed class NoResources : IDashboardResources
{
    public static readonly NoResources Instance = new();

    public IReadOnlyList<ReplicaSnapshot> Snapshot() => [];

    public LogBuffer GetLogs(string resource, int replica) => throw new KeyNotFoundException($"No resource is named '{resource}'.");

    public Task StopResourceAsync(string resource, int? replica) => throw new KeyNotFoundException($"No resource is named '{resource}'.");

    public Task StartResourceAsync(string resource, int? replica, CancellationToken cancellationToken) =>
        throw new KeyNotFoundException($"No resource is named '{resource}'.");

    public Task RestartResourceAsync(string resource, int? replica, CancellationToken cancellationToken) =>
        throw new KeyNotFoundException($"No resource is named '{resource}'.");
}
