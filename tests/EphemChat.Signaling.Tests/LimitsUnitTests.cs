using System.ComponentModel.DataAnnotations;
using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace EphemChat.Signaling.Tests;

/// <summary>The pure pieces behind the limits: token bucket, duplicate ids, reconnect delays, option validation.</summary>
public sealed class LimitsUnitTests
{
    private static readonly DateTimeOffset s_start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TheBucketAllowsTheBurstThenRefillsAtTheSustainedRate()
    {
        var bucket = new TokenBucket(burst: 5, perSecond: 2, s_start);

        var burst = Enumerable.Range(0, 5).Count(_ => bucket.TryTake(s_start));
        var overBurst = bucket.TryTake(s_start);
        var afterHalfSecond = bucket.TryTake(s_start.AddMilliseconds(500));
        var again = bucket.TryTake(s_start.AddMilliseconds(500));
        var afterLongIdle = Enumerable.Range(0, 10).Count(_ => bucket.TryTake(s_start.AddHours(1)));

        Assert.Equal(5, burst);
        Assert.False(overBurst);
        Assert.True(afterHalfSecond);
        Assert.False(again);
        Assert.Equal(5, afterLongIdle);
    }

    [Fact]
    public void RecentSignalIdsForgetIdsAfterTheWindowAndBeyondTheCapacity()
    {
        var ids = new RecentSignalIds(TimeSpan.FromSeconds(10), capacity: 3);

        Assert.True(ids.TryRecord("a", s_start));
        Assert.False(ids.TryRecord("a", s_start.AddSeconds(9)));
        Assert.True(ids.TryRecord("a", s_start.AddSeconds(10)));
        Assert.True(ids.TryRecord("b", s_start.AddSeconds(10)));
        Assert.True(ids.TryRecord("c", s_start.AddSeconds(10)));
        Assert.True(ids.TryRecord("d", s_start.AddSeconds(10)));
        // Capacity 3: "a" was the oldest and is forgotten; "d" is remembered.
        Assert.True(ids.TryRecord("a", s_start.AddSeconds(11)));
        Assert.False(ids.TryRecord("d", s_start.AddSeconds(11)));
    }

    [Fact]
    public void ReconnectDelaysAreRandomizedWithinBoundsThatGrowToTheCap()
    {
        var policy = new JitteredRetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1), new Random(7));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = policy.Ceiling(attempt);
            var delays = Enumerable.Range(0, 200)
                .Select(_ => policy.NextRetryDelay(new RetryContext { PreviousRetryCount = attempt, ElapsedTime = TimeSpan.FromSeconds(1) })!.Value)
                .ToList();

            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 150, "delays must differ between clients");
            Assert.True(ceiling <= TimeSpan.FromSeconds(2));
        }
        Assert.Equal(TimeSpan.FromMilliseconds(100), policy.Ceiling(0));
        Assert.Equal(TimeSpan.FromSeconds(2), policy.Ceiling(11));
    }

    [Fact]
    public void ReconnectingGivesUpOnlyAfterItsTimeIsUp()
    {
        var policy = new JitteredRetryPolicy(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

        Assert.NotNull(policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 500, ElapsedTime = TimeSpan.FromSeconds(59) }));
        Assert.Null(policy.NextRetryDelay(new RetryContext { PreviousRetryCount = 501, ElapsedTime = TimeSpan.FromMinutes(1) }));
    }

    [Theory]
    [InlineData("http://localhost:8080", true)]
    [InlineData("https://chat.example.org", true)]
    [InlineData("http://localhost:8080/", true)]
    [InlineData("http://localhost:8080/app", false)]
    [InlineData("localhost:8080", false)]
    [InlineData("ws://localhost:8080", false)]
    public void AllowedOriginsMustBeOrigins(string origin, bool valid)
    {
        var options = new SignalingOptions { AllowedOrigins = [origin] };

        Assert.Equal(valid, Validator.TryValidateObject(options, new(options), [], validateAllProperties: true));
    }

    [Fact]
    public void PresenceTimeoutMustSpanAtLeastTwoHeartbeats()
    {
        var tooShort = new SignalingOptions { PresenceHeartbeatInterval = TimeSpan.FromSeconds(10), PresenceTimeout = TimeSpan.FromSeconds(19) };
        var enough = new SignalingOptions { PresenceHeartbeatInterval = TimeSpan.FromSeconds(10), PresenceTimeout = TimeSpan.FromSeconds(20) };

        Assert.False(Validator.TryValidateObject(tooShort, new(tooShort), [], validateAllProperties: true));
        Assert.True(Validator.TryValidateObject(enough, new(enough), [], validateAllProperties: true));
    }

    [Theory]
    [InlineData("", "http://a.test", false, false)]
    [InlineData("", "http://a.test", true, true)]
    [InlineData("http://a.test", "http://a.test", false, true)]
    [InlineData("HTTP://A.TEST", "http://a.test", false, true)]
    [InlineData("http://a.test:81", "http://a.test", false, false)]
    [InlineData("http://a.test.evil", "http://a.test", false, false)]
    public void TheHandshakeAcceptsOnlyListedOrigins(string origin, string allowed, bool allowMissing, bool accepted)
    {
        var options = new SignalingOptions { AllowedOrigins = [allowed], AllowRequestsWithoutOrigin = allowMissing };

        Assert.Equal(accepted, HubHandshakePolicy.IsAllowed(origin, options));
    }
}
