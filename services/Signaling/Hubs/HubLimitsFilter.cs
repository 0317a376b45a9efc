using EphemChat.Signaling.Presence;
using EphemChat.Signaling.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace EphemChat.Signaling.Hubs;

/// <summary>
/// The per-connection rate limit, before any hub method runs: a token bucket of
/// <see cref="SignalingOptions.RateLimitBurst"/> refilled at <see cref="SignalingOptions.RateLimitPerSecond"/>.
/// Over it, the call fails with a readable <see cref="HubException"/> and nothing is relayed.
/// </summary>
public sealed class HubLimitsFilter(LocalConnections connections, TimeProvider time, SignalingMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (connections.Find(invocationContext.Context.ConnectionId) is { } connection)
        {
            bool allowed;
            lock (connection.Gate)
            {
                allowed = connection.Bucket.TryTake(time.GetUtcNow());
            }
            if (!allowed)
            {
                metrics.Rejected(RejectionReasons.RateLimit);
                throw new HubException(HubErrors.TooFast);
            }
        }
        return await next(invocationContext);
    }
}
