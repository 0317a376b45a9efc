using EphemChat.Hosting;
using EphemChat.Hosting.Orchestration;
using EphemChat.Hosting.Testing;

namespace EphemChat.Testing;

/// <summary>Starts the AppHost's own model inside a test and waits until every replica is healthy.</summary>
public static class DistributedSystem
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Builds the model of <typeparamref name="TAppHost"/>'s assembly with <paramref name="args"/>, lets
    /// <paramref name="configure"/> change it, starts it and waits for health; on failure the error carries the
    /// states and the last lines of every unhealthy replica.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync<TAppHost>(
        string[]? args = null, Action<DistributedApplicationBuilder>? configure = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<TAppHost>(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        await app.StartAsync();
        try
        {
            await app.WaitForAllHealthyAsync().WaitAsync(s_startTimeout);
            return app;
        }
        catch (Exception ex)
        {
            var snapshot = app.Snapshot();
            var states = string.Join(", ", snapshot.Select(s => $"{s.Resource}-{s.Replica}:{s.State} {s.LastError}"));
            var logs = string.Join("\n", snapshot.Where(s => s.State != ReplicaState.Healthy)
                .SelectMany(s => app.GetLogs(s.Resource, s.Replica).Snapshot().TakeLast(30).Select(l => $"{s.Resource}-{s.Replica}: {l.Text}")));
            await app.DisposeAsync();
            throw new InvalidOperationException($"The system did not become healthy: {states}\n{logs}", ex);
        }
    }
}
