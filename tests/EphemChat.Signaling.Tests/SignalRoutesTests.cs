using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Presence;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Tests;

/// <summary>The relay's memory of routes on its own: lifetime, presence bound, forgetting and its size limit.</summary>
public sealed class SignalRoutesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_presenceEnds = s_now + TimeSpan.FromMinutes(1);

    [Fact]
    public void ARouteLastsItsLifetimeAndNotAMomentLonger()
    {
        // Arrange
        var options = new SignalingOptions { SignalRouteLifetime = TimeSpan.FromSeconds(2) };
        var routes = new SignalRoutes(Options.Create(options));
        var target = Peer("b");

        // Act
        routes.Remember("room", "a", target, s_now, s_presenceEnds, routes.Generation);

        // Assert
        Assert.Equal(target, routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1)));
        Assert.Null(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(2)));
        Assert.Null(routes.Find("room", "b", "a", s_now));
        Assert.Null(routes.Find("other", "a", "b", s_now));
    }

    [Fact]
    public void ARouteNeverOutlivesThePresenceEntriesItWasFoundWith()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { SignalRouteLifetime = TimeSpan.FromSeconds(10) }));

        // Act
        routes.Remember("room", "a", Peer("b"), s_now, s_now + TimeSpan.FromSeconds(1), routes.Generation);
        routes.Remember("room", "a", Peer("c"), s_now, s_now, routes.Generation);

        // Assert
        Assert.NotNull(routes.Find("room", "a", "b", s_now + TimeSpan.FromMilliseconds(999)));
        Assert.Null(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(1)));
        Assert.Null(routes.Find("room", "a", "c", s_now));
    }

    [Fact]
    public void ForgettingARoomForgetsOnlyItsRoutes()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions()));
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds, routes.Generation);
        routes.Remember("room", "b", Peer("a"), s_now, s_presenceEnds, routes.Generation);
        routes.Remember("other", "a", Peer("b"), s_now, s_presenceEnds, routes.Generation);

        // Act
        routes.ForgetRoom("room");

        // Assert
        Assert.Null(routes.Find("room", "a", "b", s_now));
        Assert.Null(routes.Find("room", "b", "a", s_now));
        Assert.NotNull(routes.Find("other", "a", "b", s_now));
        Assert.Equal(1, routes.Count);
    }

    [Fact]
    public void RememberingARouteAgainRenewsItWithoutCountingItTwice()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { SignalRouteLifetime = TimeSpan.FromSeconds(2) }));
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds, routes.Generation);

        // Act
        routes.Remember("room", "a", Peer("b"), s_now + TimeSpan.FromSeconds(1.5), s_presenceEnds, routes.Generation);

        // Assert: it now lasts until the second time plus the lifetime.
        Assert.Equal(1, routes.Count);
        Assert.NotNull(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(3)));
        Assert.Null(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(3.5)));
        Assert.Equal(0, routes.Count);
    }

    [Fact]
    public void AtItsLimitExpiredRoutesGoFirstThenAll()
    {
        // Arrange: a limit of four routes, two of which expire at +2 s, two at +3 s.
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { MaxSignalRoutes = 4, SignalRouteLifetime = TimeSpan.FromSeconds(2) }));
        routes.Remember("room", "a", Peer("old1"), s_now, s_presenceEnds, routes.Generation);
        routes.Remember("room", "a", Peer("old2"), s_now, s_presenceEnds, routes.Generation);
        routes.Remember("room", "a", Peer("b"), s_now + TimeSpan.FromSeconds(1), s_presenceEnds, routes.Generation);
        routes.Remember("room", "a", Peer("c"), s_now + TimeSpan.FromSeconds(1), s_presenceEnds, routes.Generation);
        var later = s_now + TimeSpan.FromSeconds(2.5);

        // Act: the fifth drops the two expired only; the seventh finds the limit reached with none expired.
        routes.Remember("room", "a", Peer("d"), later, s_presenceEnds, routes.Generation);
        var afterFifth = routes.Count;
        var keptLive = routes.Find("room", "a", "b", later);
        routes.Remember("room", "a", Peer("e"), later, s_presenceEnds, routes.Generation);
        routes.Remember("room", "a", Peer("f"), later, s_presenceEnds, routes.Generation);

        // Assert
        Assert.Equal(3, afterFifth);
        Assert.NotNull(keptLive);
        Assert.Equal(1, routes.Count);
        Assert.NotNull(routes.Find("room", "a", "f", later));
    }

    [Fact]
    public void AnAnswerReadBeforeARoomWasForgottenIsNotRemembered()
    {
        // Arrange: a lookup reads the generation, then a departure forgets a room while the store answers.
        var routes = new SignalRoutes(Options.Create(new SignalingOptions()));
        var generation = routes.Generation;
        routes.ForgetRoom("room");

        // Act
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds, generation);

        // Assert
        Assert.Null(routes.Find("room", "a", "b", s_now));
        Assert.Equal(0, routes.Count);
    }

    [Fact]
    public void ExpiredRoutesAreDroppedOnRequest()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { SignalRouteLifetime = TimeSpan.FromSeconds(2) }));
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds, routes.Generation);
        routes.Remember("other", "a", Peer("b"), s_now + TimeSpan.FromSeconds(1), s_presenceEnds, routes.Generation);

        // Act
        routes.DropExpired(s_now + TimeSpan.FromSeconds(2));

        // Assert
        Assert.Equal(1, routes.Count);
        Assert.NotNull(routes.Find("other", "a", "b", s_now + TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void AZeroLifetimeRemembersNothing()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { SignalRouteLifetime = TimeSpan.Zero }));

        // Act
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds, routes.Generation);

        // Assert
        Assert.Equal(0, routes.Count);
        Assert.Null(routes.Find("room", "a", "b", s_now));
    }

    private static PeerRecord Peer(string peerId) => new(peerId, "user-" + peerId, "Name " + peerId, "connection-" + peerId);
}
