using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using GrpcIdentity = EphemChat.Identity.Grpc.Identity;

namespace EphemChat.Identity.Grpc;

/// <summary>Identity's internal contract: tokens to users, ids to names.</summary>
public sealed class IdentityService(AccountStore accounts, IOptions<IdentityOptions> options) : GrpcIdentity.IdentityBase
{
    public override async Task<AuthenticateReply> Authenticate(AuthenticateRequest request, ServerCallContext context)
    {
        Account? account;
        SessionFailure failure;
        try
        {
            (account, failure) = await accounts.AuthenticateAsync(request.Token);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The caller answers 503 "try again" for UNAVAILABLE, never "your session is invalid".
            throw new RpcException(new Status(StatusCode.Unavailable, "The account store is unavailable."));
        }
        if (account is null)
        {
            var expired = failure == SessionFailure.Expired;
            throw new RpcException(
                new Status(StatusCode.Unauthenticated, expired ? "The account has expired." : "The token is not valid."),
                new Metadata { { "reason", expired ? "expired" : "invalid" } });
        }
        return new AuthenticateReply
        {
            User = ToUser(account),
            Remember = account.Remember,
            ExpiresAt = Timestamp.FromDateTimeOffset(account.ExpiresAt),
        };
    }

    public override async Task<GetUsersReply> GetUsers(GetUsersRequest request, ServerCallContext context)
    {
        var max = options.Value.MaxUsersPerLookup;
        if (request.Ids.Count > max)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"At most {max} ids per call."));
        }
        // Unknown, malformed and expired ids are left out: that is how rooms learns a member is gone.
        var found = await accounts.FindManyAsync(request.Ids.Distinct().Where(AccountStore.IsWellFormedId));
        var reply = new GetUsersReply();
        reply.Users.Add(found.Select(ToUser));
        return reply;
    }

    private static User ToUser(Account account) => new() { Id = account.Id, Name = account.Name };
}
