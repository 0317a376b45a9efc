using EphemChat.Rooms.Enclaves;

namespace EphemChat.Rooms.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RoomsOptions>()
            .Bind(builder.Configuration.GetSection(RoomsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // WithReference(redis): rooms, members, invites and encrypted history live in the store.
        builder.AddRedisClient("redis");
        // WithReference(identity): sessions, and display names of matched members (GetUsers, same client).
        builder.AddSessionAuthentication();
        // WithReference(signaling): the only way to push an event to browsers. A short deadline: a slow signaling
        // must not hold the request whose change is already stored.
        builder.AddServiceGrpcClient<EphemChat.Signaling.Grpc.Signaling.SignalingClient>("signaling", TimeSpan.FromSeconds(2));

        builder.Services.AddSingleton<RoomsMetrics>();
        builder.Services.AddSingleton<RoomStore>();
        builder.Services.AddSingleton<RoomNotifier>();
        builder.Services.AddSingleton<RoomOperations>();
        // One instance, so that tests can call SweepOnceAsync on the sweeper the host runs.
        builder.Services.AddSingleton<RoomSweeper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<RoomSweeper>());

        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
