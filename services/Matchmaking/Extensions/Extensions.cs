using EphemChat.Matchmaking.Matching;

namespace EphemChat.Matchmaking.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MatchmakingOptions.SectionName);
        builder.Services.AddOptions<MatchmakingOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var peerDeadline = (section.Get<MatchmakingOptions>() ?? new MatchmakingOptions()).PeerCallDeadline;

        // WithReference(redis): the search queue lives in the store, shared by every replica.
        builder.AddRedisClient("redis");
        builder.AddSessionAuthentication();

        // WithReference(rooms), WithReference(signaling): a pair gets its enclave from rooms and is told through signaling.
        builder.AddServiceGrpcClient<EphemChat.Rooms.Grpc.Rooms.RoomsClient>("rooms", peerDeadline);
        builder.AddServiceGrpcClient<EphemChat.Signaling.Grpc.Signaling.SignalingClient>("signaling", peerDeadline);

        builder.Services.AddSingleton<SearchStore>();
        builder.Services.AddSingleton<MatchMetrics>();
        builder.Services.AddSingleton<PairingEngine>();
        builder.Services.AddSingleton<RoomExits>();
        builder.Services.AddHostedService<MatchmakingWorker>();

        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
