namespace EphemChat.Matchmaking.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // WithReference(redis): the search queue lives in the store, shared by every replica.
        builder.AddRedisClient("redis");
        builder.AddSessionAuthentication();
        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
