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
        routes.Remember("room", "a", target, s_now, s_presenceEnds);

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
        routes.Remember("room", "a", Peer("b"), s_now, s_now + TimeSpan.FromSeconds(1));
        routes.Remember("room", "a", Peer("c"), s_now, s_now);

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
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds);
        routes.Remember("room", "b", Peer("a"), s_now, s_presenceEnds);
        routes.Remember("other", "a", Peer("b"), s_now, s_presenceEnds);

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
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds);

        // Act
        routes.Remember("room", "a", Peer("b"), s_now + TimeSpan.FromSeconds(1.5), s_presenceEnds);

        // Assert: it now lasts until the second time plus the lifetime.
        Assert.Equal(1, routes.Count);
        Assert.NotNull(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(3)));
        Assert.Null(routes.Find("room", "a", "b", s_now + TimeSpan.FromSeconds(3.5)));
        Assert.Equal(0, routes.Count);
    }

    [Fact]
    public void AtItsLimitExpiredRoutesGoFirstThenAll()
    {
        // Arrange: a limit of three routes.
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { MaxSignalRoutes = 3, SignalRouteLifetime = TimeSpan.FromSeconds(2) }));
        routes.Remember("room", "a", Peer("old"), s_now, s_presenceEnds);
        routes.Remember("room", "a", Peer("b"), s_now + TimeSpan.FromSeconds(1), s_presenceEnds);
        routes.Remember("room", "a", Peer("c"), s_now + TimeSpan.FromSeconds(1), s_presenceEnds);
        var later = s_now + TimeSpan.FromSeconds(2.5);

        // Act: the fourth drops the expired one only; the fifth finds the limit reached again with none expired.
        routes.Remember("room", "a", Peer("d"), later, s_presenceEnds);
        var afterFourth = routes.Count;
        var keptLive = routes.Find("room", "a", "b", later);
        routes.Remember("room", "a", Peer("e"), later, s_presenceEnds);

        // Assert
        Assert.Equal(3, afterFourth);
        Assert.NotNull(keptLive);
        Assert.Equal(1, routes.Count);
        Assert.NotNull(routes.Find("room", "a", "e", later));
    }

    [Fact]
    public void AZeroLifetimeRemembersNothing()
    {
        // Arrange
        var routes = new SignalRoutes(Options.Create(new SignalingOptions { SignalRouteLifetime = TimeSpan.Zero }));

        // Act
        routes.Remember("room", "a", Peer("b"), s_now, s_presenceEnds);

        // Assert
        Assert.Equal(0, routes.Count);
        Assert.Null(routes.Find("room", "a", "b", s_now));
    }

    private static PeerRecord Peer(string peerId) => new(peerId, "user-" + peerId, "Name " + peerId, "connection-" + peerId);
}
