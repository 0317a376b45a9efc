using StackExchange.Redis;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// Tells every replica when a room's relay routes must go: a peer left, was evicted or disconnected on any replica.
/// <see cref="PresenceStore"/> publishes the room id on <see cref="Channel"/> with the removal itself; every replica
/// (the publisher too) forgets the room's routes in <see cref="SignalRoutes"/> when the message arrives.
/// </summary>
public sealed class SignalRouteInvalidations(IConnectionMultiplexer redis, SignalRoutes routes) : IHostedService
{
    /// <summary>The store's pub/sub channel; a message is a room id, which is no secret.</summary>
    public static readonly RedisChannel Channel = RedisChannel.Literal("ephemchat:signaling:forget-routes");

    public Task StartAsync(CancellationToken cancellationToken) =>
        redis.GetSubscriber().SubscribeAsync(Channel, (_, roomId) =>
        {
            if (!roomId.IsNullOrEmpty)
            {
                routes.ForgetRoom(roomId!);
            }
        });

    public Task StopAsync(CancellationToken cancellationToken) => redis.GetSubscriber().UnsubscribeAsync(Channel);
}
