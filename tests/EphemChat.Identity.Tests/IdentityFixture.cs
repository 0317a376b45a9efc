using EphemChat.Identity.Api;
using EphemChat.Identity.Tests.Support;
using EphemChat.Testing;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Identity.Tests;

/// <summary>
/// The identity service on real Kestrel over a real embedded Garnet, with a controllable clock, recording rooms and
/// matchmaking peers on real gRPC servers, and rate limits raised so that the suite's many accounts from one
/// loopback address are not refused (<see cref="RateLimitTests"/> covers the default limits on a host of its own).
/// </summary>
public sealed class IdentityFixture : IAsyncLifetime
{
    public GarnetServerFixture Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public RecordingRooms Rooms { get; } = new();

    public RecordingMatchmaking Matchmaking { get; } = new();

    public AuthenticateCalls AuthenticateCalls { get; } = new();

    public ServiceHost<SessionsApi.Marker> Host { get; private set; } = null!;

    private GrpcTestServer? _roomsServer;
    private GrpcTestServer? _matchmakingServer;

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        _roomsServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Rooms), app => app.MapGrpcService<RecordingRooms>());
        _matchmakingServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Matchmaking), app => app.MapGrpcService<RecordingMatchmaking>());
        Host = new ServiceHost<SessionsApi.Marker>(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = Store.ConnectionString,
                ["services:rooms:grpc:0"] = _roomsServer.Url,
                ["services:matchmaking:grpc:0"] = _matchmakingServer.Url,
                ["Identity:AccountCreation:PermitLimit"] = "100000",
                ["Identity:Restore:PermitLimit"] = "100000",
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddSingleton(AuthenticateCalls);
                services.Configure<GrpcServiceOptions>(options => options.Interceptors.Add<AuthenticateCallCounter>());
            }).Start();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_roomsServer is not null)
        {
            await _roomsServer.DisposeAsync();
        }
        if (_matchmakingServer is not null)
        {
            await _matchmakingServer.DisposeAsync();
        }
        await Store.DisposeAsync();
    }
}

/// <summary>
/// Every functional test of the shared identity host runs in this one collection, one at a time: they share a clock
/// that some of them move forward.
/// </summary>
[CollectionDefinition(Name)]
public sealed class IdentityCollection : ICollectionFixture<IdentityFixture>
{
    public const string Name = "identity";
}
