using EphemChat.Matchmaking.Grpc;
using EphemChat.Signaling.Hubs;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace EphemChat.Signaling.Presence;

/// <summary>
/// Tells everyone concerned that a connection went away, whether it closed here or expired on a dead replica:
/// <c>PeerLeft</c> to each room it was in, and matchmaking's <c>CancelSearch</c> when it was the user's last one.
/// </summary>
public sealed class PresenceDepartures(
    IHubContext<SignalingHub, ISignalingClient> hub,
    GrpcClientFactory grpcClients,
    ILogger<PresenceDepartures> logger)
{
    /// <summary>Recorded by matchmaking when a search ends because its user has no connection left.</summary>
    public const string DisconnectedReason = "disconnected";

    public async Task AnnounceAsync(Departure departure, CancellationToken cancellationToken = default)
    {
        foreach (var roomId in departure.Rooms)
        {
            try
            {
                await hub.Clients.Group(SignalingHub.GroupName(roomId)).PeerLeft(new PeerLeftEvent(roomId, departure.PeerId));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                logger.LogWarning(ex, "PeerLeft could not be published");
            }
        }
        if (!departure.UserStillOnline)
        {
            await CancelSearchAsync(departure.UserId, cancellationToken);
        }
    }

    private async Task CancelSearchAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var matchmaking = grpcClients.CreateClient<EphemChat.Matchmaking.Grpc.Matchmaking.MatchmakingClient>(
                nameof(EphemChat.Matchmaking.Grpc.Matchmaking.MatchmakingClient));
            await matchmaking.CancelSearchAsync(new CancelSearchRequest { UserId = userId, Reason = DisconnectedReason },
                cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            // A search left behind times out in matchmaking on its own; signaling must not fail for it.
            logger.LogWarning("Matchmaking did not take the cancellation of a search: {Status}", ex.StatusCode);
        }
    }
}
