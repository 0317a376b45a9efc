using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Presence;
using EphemChat.Testing;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Tests;

/// <summary>
/// The batched read on the relay's hot path (<see cref="PresenceStore.FindSignalPeersAsync"/>) against a real Garnet:
/// it must answer exactly what two separate <see cref="PresenceStore.FindPeerAsync"/> calls answer.
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
        _presence = new PresenceStore(_store.Connection, Options.Create(_options));
    }

    public Task DisposeAsync() => _store.DisposeAsync();

    [Fact]
    public async Task SignalPeersAreTheLiveSenderAndTheLiveTarget()
    {
        // Arrange
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await _presence.EnterRoomAsync(sender, room, _now);
        await _presence.EnterRoomAsync(target, room, _now);

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
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await _presence.EnterRoomAsync(sender, room, _now);
        await _presence.EnterRoomAsync(target, room, _now);
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
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await _presence.EnterRoomAsync(sender, room, _now);
        await _presence.EnterRoomAsync(target, room, _now);
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
        var room = NewId();
        var (sender, target) = (Connection("ann"), Connection("bob"));
        await _presence.EnterRoomAsync(sender, room, _now);
        await _presence.EnterRoomAsync(target, room, _now);
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

    private ConnectionState Connection(string name) => new(
        NewId(), NewId(), name, PeerIds.New(),
        new TokenBucket(_options.RateLimitBurst, _options.RateLimitPerSecond, _now),
        new RecentSignalIds(_options.DuplicateSignalWindow, _options.MaxRememberedSignalIds),
        () => { });

    private static string NewId() => PeerIds.New();
}
