namespace EphemChat.Signaling.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // WithReference(redis): presence and the SignalR backplane that joins the replicas.
        builder.AddRedisClient("redis");
        builder.AddSessionAuthentication();
        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
