using EphemChat.Identity.Api;
using EphemChat.Identity.Tests.Support;
using EphemChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Identity.Tests;

/// <summary>
/// Identity with its default options (the real rate limits) and peers that do not answer: rooms and matchmaking
/// point at loopback ports nobody listens on. Its log lines are kept for assertions.
/// </summary>
public sealed class BareIdentityFixture : IAsyncLifetime
{
    public GarnetServerFixture Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public LogRecorder Logs { get; } = new();

    public ServiceHost<SessionsApi.Marker> Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        Host = new ServiceHost<SessionsApi.Marker>(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = Store.ConnectionString,
                ["services:rooms:grpc:0"] = $"http://127.0.0.1:{FreePorts.Next()}",
                ["services:matchmaking:grpc:0"] = $"http://127.0.0.1:{FreePorts.Next()}",
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddSingleton<ILoggerProvider>(Logs);
            }).Start();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>The tests of the bare host share it; each uses its own client address, so rate limits do not mix.</summary>
[CollectionDefinition(Name)]
public sealed class BareIdentityCollection : ICollectionFixture<BareIdentityFixture>
{
    public const string Name = "bare-identity";
}
