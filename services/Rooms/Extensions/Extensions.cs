namespace EphemChat.Rooms.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // WithReference(redis): rooms, members, invites and encrypted history live in the store.
        builder.AddRedisClient("redis");
        builder.AddSessionAuthentication();
        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
