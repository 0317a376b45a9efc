using EphemChat.Matchmaking.Grpc;
using EphemChat.Rooms.Grpc;
using Grpc.Core;

namespace EphemChat.Identity.Accounts;

/// <summary>
/// Ends an account at once: its keys go in one transaction, then rooms and matchmaking are told so memberships and a
/// running search go too. The account is gone whatever the peers answer; a peer that cannot be reached is logged
/// (by user id, never a token) and catches up on its own, since rooms drops members that identity no longer knows.
/// </summary>
public sealed partial class AccountDeletion(
    AccountStore accounts,
    Rooms.Grpc.Rooms.RoomsClient rooms,
    Matchmaking.Grpc.Matchmaking.MatchmakingClient matchmaking,
    IdentityMetrics metrics,
    ILogger<AccountDeletion> logger)
{
    /// <summary>Why an account ends, as matchmaking records it.</summary>
    public const string Deleted = "deleted";

    /// <summary>A session-only account ends when its person signs out.</summary>
    public const string SignedOut = "signed-out";

    /// <summary>Deletes the account and tells the peers; false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(string userId, string reason)
    {
        if (!await accounts.DeleteAsync(userId, reason))
        {
            return false;
        }
        // Not bound to the request's cancellation: a tab closed mid-request must not skip telling the peers.
        await Task.WhenAll(
            TellAsync("rooms", async () => await rooms.RemoveUserAsync(new RemoveUserRequest { UserId = userId })),
            TellAsync("matchmaking", async () =>
                await matchmaking.CancelSearchAsync(new CancelSearchRequest { UserId = userId, Reason = reason })));
        return true;

        async Task TellAsync(string peer, Func<Task> call)
        {
            try
            {
                await call();
            }
            catch (RpcException ex)
            {
                metrics.PeerNotificationFailed(peer);
                LogPeerFailed(logger, peer, userId, ex.StatusCode);
            }
            catch (InvalidOperationException ex)
            {
                // Service discovery throws this when the peer has no address configured at all.
                metrics.PeerNotificationFailed(peer);
                LogPeerUnresolved(logger, peer, userId, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell {Peer} that account {UserId} was deleted ({StatusCode}); it cleans up on its own")]
    private static partial void LogPeerFailed(ILogger logger, string peer, string userId, StatusCode statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach {Peer} to tell it account {UserId} was deleted: {Reason}")]
    private static partial void LogPeerUnresolved(ILogger logger, string peer, string userId, string reason);
}
