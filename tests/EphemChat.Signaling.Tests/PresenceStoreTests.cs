using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Presence;
using EphemChat.Testing;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Tests;

/// <summary>
/// The batched read on the relay's hot path (<see cref="PresenceStore.FindSignalPeersAsync"/>) against a real Garnet:
/// it must answer exactly what two separate <see cref="PresenceStore.FindPeerAsync"/> calls answer, except that a
/// route found within <see cref="SignalingOptions.SignalRouteLifetime"/> comes from <see cref="SignalRoutes"/>.
/// </summary>
public sealed class PresenceStoreTests : IAsyncLifetime
{
    private readonly GarnetServerFixture _store = new();
    private readonly SignalingOptions _options = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private PresenceStore _presence = null!;

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync();
        _presence = Replica();
    }

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task SignalPeersAreTheLiveSenderAndTheLiveTarget()
    {
        // Arrange
        var (room, sender, target) = await BothInARoomAsync(_presence);

        // Act
        var (senderPresent, found) = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Assert
        Assert.True(senderPresent);
        Assert.Equal(new PeerRecord(target.PeerId, target.UserId, target.Name, target.ConnectionId), found);
        Assert.Equal(await _presence.FindPeerAsync(room, target.PeerId, _now), found);
    }

    [Fact]
    public async Task ASenderWhoLeftTheRoomIsNotPresentWhileTheTargetStillIs()
    {
        // Arrange
        var (room, sender, target) = await BothInARoomAsync(_presence);
        await _presence.LeaveRoomAsync(sender, room);

        // Act
        var (senderPresent, found) = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Assert
        Assert.False(senderPresent);
        Assert.NotNull(found);
    }

    [Fact]
    public async Task ATargetThatLeftOrWasNeverThereIsNotFound()
    {
        // Arrange
        var (room, sender, target) = await BothInARoomAsync(_presence);
        await _presence.LeaveRoomAsync(target, room);

        // Act
        var left = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);
        var stranger = await _presence.FindSignalPeersAsync(room, sender.PeerId, PeerIds.New(), _now);

        // Assert
        Assert.Equal((true, (PeerRecord?)null), left);
        Assert.Equal((true, (PeerRecord?)null), stranger);
    }

    [Fact]
    public async Task EntriesCountUntilThePresenceTimeoutAndNotAMomentLonger()
    {
        // Arrange: both entered now; their entries count until now + PresenceTimeout, exclusive.
        var (room, sender, target) = await BothInARoomAsync(_presence);
        var lastMoment = _now + _options.PresenceTimeout - TimeSpan.FromMilliseconds(1);

        // Act
        var before = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, lastMoment);
        var after = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now + _options.PresenceTimeout);

        // Assert: the same edge as FindPeerAsync.
        Assert.True(before.SenderPresent);
        Assert.NotNull(before.Target);
        Assert.Equal((false, (PeerRecord?)null), after);
        Assert.Null(await _presence.FindPeerAsync(room, target.PeerId, _now + _options.PresenceTimeout));
    }

    [Fact]
    public async Task WithoutTheInvalidationMessageARouteOutlivesAnotherReplicasDepartureByItsLifetimeAtMost()
    {
        // Arrange: both peers present; the route is found once through this replica.
        var (room, sender, target) = await BothInARoomAsync(_presence);
        var first = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);
        var otherReplica = Replica();

        // Act: the target leaves through another replica, and this one does not listen to the invalidations.
        await otherReplica.LeaveRoomAsync(target, room);
        var withinLifetime = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId,
            _now + _options.SignalRouteLifetime - TimeSpan.FromMilliseconds(1));
        var afterLifetime = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now + _options.SignalRouteLifetime);

        // Assert: remembered until the lifetime ends, then the store's answer again.
        Assert.Equal(first, withinLifetime);
        Assert.NotNull(withinLifetime.Target);
        Assert.Equal((true, (PeerRecord?)null), afterLifetime);
    }

    [Fact]
    public async Task ADepartureThroughAnotherReplicaEndsTheRoutesOfItsRoomOnEveryReplica()
    {
        // Arrange: this replica listens to the invalidations and has found a route.
        var routes = new SignalRoutes(Options.Create(_options));
        var presence = new PresenceStore(_store.Connection, routes, Options.Create(_options));
        var invalidations = new SignalRouteInvalidations(_store.Connection, routes);
        await invalidations.StartAsync(CancellationToken.None);
        var (room, sender, target) = await BothInARoomAsync(presence);
        await presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Act: the target leaves through another replica.
        await Replica().LeaveRoomAsync(target, room);

        // Assert: the message arrives over the store's pub/sub, and the store answers again.
        var forgotten = false;
        for (var attempt = 0; attempt < 100 && !forgotten; attempt++)
        {
            forgotten = (await presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now)).Target is null;
            if (!forgotten)
            {
                await Task.Delay(50);
            }
        }
        await invalidations.StopAsync(CancellationToken.None);
        Assert.True(forgotten);
    }

    [Fact]
    public async Task ADepartureThroughThisReplicaEndsTheRoutesOfItsRoomAtOnce()
    {
        // Arrange
        var room = NewId();
        var (sender, target, third) = (Connection("ann"), Connection("bob"), Connection("cy"));
        await _presence.EnterRoomAsync(sender, room, _now);
        await _presence.EnterRoomAsync(target, room, _now);
        await _presence.EnterRoomAsync(third, room, _now);
        await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);
        await _presence.FindSignalPeersAsync(room, sender.PeerId, third.PeerId, _now);

        // Act: one peer leaves, another disconnects, both through this replica.
        await _presence.LeaveRoomAsync(target, room);
        var afterLeave = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);
        await _presence.ConnectAsync(third, _now);
        await _presence.DisconnectAsync(third, _now);
        var afterDisconnect = await _presence.FindSignalPeersAsync(room, sender.PeerId, third.PeerId, _now);

        // Assert
        Assert.Equal((true, (PeerRecord?)null), afterLeave);
        Assert.Equal((true, (PeerRecord?)null), afterDisconnect);
    }

    [Fact]
    public async Task ATargetNotFoundIsNotRememberedSoItIsFoundAsSoonAsItEnters()
    {
        // Arrange
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await _presence.EnterRoomAsync(sender, room, _now);
        var before = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Act
        await _presence.EnterRoomAsync(target, room, _now);
        var after = await _presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Assert
        Assert.Null(before.Target);
        Assert.NotNull(after.Target);
    }

    [Fact]
    public async Task WithNoRouteLifetimeEverySignalAsksTheStore()
    {
        // Arrange
        _options.SignalRouteLifetime = TimeSpan.Zero;
        var presence = Replica();
        var (room, sender, target) = await BothInARoomAsync(presence);
        await presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Act
        await Replica().LeaveRoomAsync(target, room);
        var after = await presence.FindSignalPeersAsync(room, sender.PeerId, target.PeerId, _now);

        // Assert
        Assert.Equal((true, (PeerRecord?)null), after);
    }

    // Ann and Bob, both entered in a new room through this replica.
    private async Task<(string Room, ConnectionState Sender, ConnectionState Target)> BothInARoomAsync(PresenceStore presence)
    {
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await presence.EnterRoomAsync(sender, room, _now);
        await presence.EnterRoomAsync(target, room, _now);
        return (room, sender, target);
    }

    // A replica of signaling: its own memory of routes, the shared store.
    private PresenceStore Replica() => new(_store.Connection, new SignalRoutes(Options.Create(_options)), Options.Create(_options));

    private ConnectionState Connection(string name) => new(
        NewId(), NewId(), name, PeerIds.New(),
        new TokenBucket(_options.RateLimitBurst, _options.RateLimitPerSecond, _now),
        new RecentSignalIds(_options.DuplicateSignalWindow, _options.MaxRememberedSignalIds),
        () => { });

    private static string NewId() => PeerIds.New();
}
