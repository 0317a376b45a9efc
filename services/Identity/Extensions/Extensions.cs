using EphemChat.Identity.Accounts;
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
        builder.Services.AddSingleton<AccountStore>();

        // Identity validates tokens against its own store; every other service asks it over gRPC.
        builder.Services.AddSingleton<ISessionValidator, LocalSessionValidator>();
        builder.AddSessionAuthentication();

        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }
}
