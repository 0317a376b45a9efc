using EphemChat.Identity.Api;
using EphemChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Identity.Tests;

/// <summary>The identity service on real Kestrel over a real embedded Garnet, with a controllable clock.</summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public GarnetServerFixture Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public ServiceHost<SessionsApi.Marker> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        Host = new ServiceHost<SessionsApi.Marker>(
            new Dictionary<string, string?> { ["ConnectionStrings:redis"] = Store.ConnectionString },
            services => services.AddSingleton<TimeProvider>(Time)).Start();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Store.DisposeAsync();
    }
}
