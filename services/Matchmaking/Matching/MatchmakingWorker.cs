using Microsoft.Extensions.Options;

namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The background pass on every replica: pairs people whose interests have relaxed or whose pair memory ran out,
/// times searches out and recovers claims of vanished replicas. Arrivals are paired at once by the request itself.
/// </summary>
public sealed class MatchmakingWorker(
    PairingEngine engine, IOptions<MatchmakingOptions> options, TimeProvider time, ILogger<MatchmakingWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await engine.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store or a peer is briefly down: the queue is intact in the store, try again next pass.
                logger.LogWarning(ex, "A matchmaking pass failed; retrying after {Interval}.", options.Value.SweepInterval);
            }

            try
            {
                await Task.Delay(options.Value.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
