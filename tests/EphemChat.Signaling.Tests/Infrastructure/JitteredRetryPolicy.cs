using Microsoft.AspNetCore.SignalR.Client;

namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>
/// Reconnect delays with exponential growth and jitter, as the web app's: after a replica dies, its clients come
/// back spread over time instead of all at once (SignalR's default is a fixed 0, 2, 10, 30 s for everyone).
/// Each delay is uniformly random in [ceiling / 2, ceiling], ceiling = min(max, base × 2^attempt).
/// </summary>
public sealed class JitteredRetryPolicy(TimeSpan baseDelay, TimeSpan maxDelay, TimeSpan giveUpAfter, Random? random = null) : IRetryPolicy
{
    private readonly Random _random = random ?? Random.Shared;

    /// <summary>A policy for tests: 100 ms doubling up to 1 s, for up to a minute.</summary>
    public static JitteredRetryPolicy ForTests() => new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    public TimeSpan? NextRetryDelay(RetryContext retryContext)
    {
        if (retryContext.ElapsedTime >= giveUpAfter)
        {
            return null;
        }
        var ceiling = Ceiling(retryContext.PreviousRetryCount).TotalMilliseconds;
        return TimeSpan.FromMilliseconds(ceiling / 2 + _random.NextDouble() * ceiling / 2);
    }

    /// <summary>The largest delay of an attempt.</summary>
    public TimeSpan Ceiling(long previousRetryCount) =>
        TimeSpan.FromMilliseconds(Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(previousRetryCount, 30))));
}
