using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcIdentity = EphemChat.Identity.Grpc.Identity;

namespace EphemChat.Identity.Grpc;

/// <summary>Identity's internal contract: tokens to users, ids to names.</summary>
public sealed class IdentityService(AccountStore accounts) : GrpcIdentity.IdentityBase
{
    public override async Task<AuthenticateReply> Authenticate(AuthenticateRequest request, ServerCallContext context)
    {
        var (account, failure) = await accounts.AuthenticateAsync(request.Token);
        if (account is null)
        {
            throw new RpcException(
                new Status(StatusCode.Unauthenticated, failure == SessionFailure.Expired ? "The account has expired." : "The token is not valid."),
                new Metadata { { "reason", failure == SessionFailure.Expired ? "expired" : "invalid" } });
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
        if (request.Ids.Count > 100)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "At most 100 ids per call."));
        }
        var reply = new GetUsersReply();
        foreach (var id in request.Ids.Distinct())
        {
            if (await accounts.FindAsync(id) is { } account)
            {
                reply.Users.Add(ToUser(account));
            }
        }
        return reply;
    }

    private static User ToUser(Account account) => new() { Id = account.Id, Name = account.Name };
}
