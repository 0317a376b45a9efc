using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Telemetry;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// Every <see cref="SignalingOptions.PresenceHeartbeatInterval"/>: refreshes the presence of this replica's
/// connections, then sweeps connections whose replica stopped refreshing them (it died) and announces them gone.
/// Every replica sweeps; the store hands each expired connection to exactly one of them.
/// </summary>
public sealed class PresenceHeartbeat(
    LocalConnections connections,
    PresenceStore presence,
    PresenceDepartures departures,
    SignalRoutes routes,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    SignalingMetrics metrics,
    ILogger<PresenceHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PresenceHeartbeatInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BeatAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Whatever went wrong, the next heartbeat tries again: a failing beat must not stop the host.
                    logger.LogWarning(ex, "Presence heartbeat failed; retrying at the next one");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One heartbeat: refresh, then sweep (relay routes that expired go too).</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        routes.DropExpired(now);
        foreach (var swept in await presence.RefreshAsync(connections.Snapshot(), now))
        {
            // Everyone saw this connection leave already: close it, its client reconnects and enters its rooms again.
            logger.LogInformation("A connection of this replica was swept as expired; closing it so that it reconnects");
            swept.Abort();
        }

        foreach (var connectionId in await presence.ClaimExpiredAsync(now, options.Value.SweepBatchSize))
        {
            var local = connections.Find(connectionId);
            var departure = await presence.RemoveClaimedAsync(connectionId, now, local);
            metrics.PresenceExpired();
            local?.Abort();
            if (departure is not null)
            {
                await departures.AnnounceAsync(departure, cancellationToken);
            }
        }
    }
}
