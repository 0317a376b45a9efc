using EphemChat.Identity.Accounts;
using EphemChat.Identity.Api;
using EphemChat.ServiceDefaults;

namespace EphemChat.Identity.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IdentityOptions>()
            .Bind(builder.Configuration.GetSection(IdentityOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // WithReference(redis): accounts and token hashes live in the store.
        builder.AddRedisClient("redis");
        builder.Services.AddSingleton<IdentityMetrics>();
        builder.Services.AddSingleton<AccountStore>();
        builder.Services.AddSingleton<AccountDeletion>();

        // WithReference(rooms), WithReference(matchmaking): a deleted account leaves its rooms and its search.
        // A short deadline: deletion answers the person even when a peer is down (the peers catch up on their own).
        builder.AddServiceGrpcClient<Rooms.Grpc.Rooms.RoomsClient>("rooms", TimeSpan.FromSeconds(2));
        builder.AddServiceGrpcClient<Matchmaking.Grpc.Matchmaking.MatchmakingClient>("matchmaking", TimeSpan.FromSeconds(2));

        // Identity validates tokens against its own store; every other service asks it over gRPC.
        builder.Services.AddSingleton<ISessionValidator, LocalSessionValidator>();
        builder.AddSessionAuthentication();
        builder.AddIdentityRateLimits();

        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
