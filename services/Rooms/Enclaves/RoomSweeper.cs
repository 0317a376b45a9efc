using EphemChat.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace EphemChat.Rooms.Enclaves;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(int Expired, int Noticed);

/// <summary>
/// Garnet has no keyspace notifications, so rooms end by polling: every <see cref="RoomsOptions.SweepInterval"/> the
/// sweeper reads the due entries of <c>rooms:deadlines</c> and <c>rooms:notices</c>. Several replicas may sweep at
/// once: each room is claimed in a script (a ZREM that returns 1, or a delete that finds the room), so every room is
/// ended, and every member told, exactly once.
/// </summary>
public sealed partial class RoomSweeper(
    RoomStore store,
    RoomOperations operations,
    IOptions<RoomsOptions> options,
    TimeProvider time,
    ServiceTelemetry telemetry,
    ILogger<RoomSweeper> logger) : BackgroundService
{
    private readonly RoomsOptions _options = options.Value;

    /// <summary>One pass: ends due rooms, then sends due notices. Tests call it directly with a fake clock.</summary>
    public async Task<SweepResult> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var expired = 0;
        foreach (var roomId in await store.DueRoomsAsync(_options.SweepBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var activity = telemetry.ActivitySource.StartActivity("rooms.expire");
            activity?.SetTag("rooms.room_id", roomId);
            if (await operations.ExpireAsync(roomId))
            {
                expired++;
            }
        }

        var noticed = 0;
        foreach (var roomId in await store.DueNoticesAsync(_options.SweepBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var activity = telemetry.ActivitySource.StartActivity("rooms.notice");
            activity?.SetTag("rooms.room_id", roomId);
            if (await operations.NoticeAsync(roomId, time.GetUtcNow()))
            {
                noticed++;
            }
        }
        return new SweepResult(expired, noticed);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.SweepEnabled)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Spans are per room handled (above): an idle tick every second would drown the traces.
                var result = await SweepOnceAsync(stoppingToken);
                if (result.Expired + result.Noticed > 0)
                {
                    LogSwept(logger, result.Expired, result.Noticed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store may be briefly away; the next tick tries again.
                LogSweepFailed(logger, ex);
            }
            try
            {
                await Task.Delay(_options.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Swept rooms: {Expired} ended, {Noticed} told they are about to end")]
    private static partial void LogSwept(ILogger logger, int expired, int noticed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A room sweep failed; retrying on the next tick")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
