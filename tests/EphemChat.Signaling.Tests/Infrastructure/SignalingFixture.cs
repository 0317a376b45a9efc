using System.Net.Http.Json;
using EphemChat.Identity.Api;
using EphemChat.Signaling.Hubs;
using EphemChat.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>
/// Real parts around signaling: an embedded Garnet, the real identity on Kestrel, rooms and matchmaking as real
/// gRPC servers with test implementations, and one signaling replica on Kestrel. Every signaling replica the tests
/// start shares the store, the peers and one controllable clock (presence expiry and rate limits run on it).
/// </summary>
public sealed class SignalingFixture : IAsyncLifetime
{
    /// <summary>The page origin allowed by the replicas the fixture starts.</summary>
    public const string AllowedOrigin = "http://ephemchat.test";

    private GrpcTestServer? _roomsServer;
    private GrpcTestServer? _matchmakingServer;

    public GarnetServerFixture Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public FakeRooms Rooms { get; } = new();

    public RecordingMatchmaking Matchmaking { get; } = new();

    public ServiceHost<SessionsApi.Marker> Identity { get; private set; } = null!;

    /// <summary>The replica most tests use.</summary>
    public ServiceHost<SignalingHub> Signaling { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        Identity = new ServiceHost<SessionsApi.Marker>(IdentitySettings.For(Store.ConnectionString)).Start();
        _roomsServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Rooms), e => e.MapGrpcService<FakeRooms>());
        _matchmakingServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Matchmaking), e => e.MapGrpcService<RecordingMatchmaking>());
        Signaling = StartSignaling();
    }

    /// <summary>The settings of a signaling replica, as the AppHost passes them.</summary>
    public Dictionary<string, string?> SignalingSettings() => new()
    {
        ["ConnectionStrings:redis"] = Store.ConnectionString,
        ["services:identity:grpc:0"] = Identity.GrpcUrl,
        ["services:rooms:grpc:0"] = _roomsServer!.Url,
        ["services:matchmaking:grpc:0"] = _matchmakingServer!.Url,
        ["Signaling:AllowedOrigins:0"] = AllowedOrigin,
    };

    /// <summary>Starts another signaling replica on the same store and clock (the caller disposes it).</summary>
    public ServiceHost<SignalingHub> StartSignaling(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = SignalingSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return new ServiceHost<SignalingHub>(all, services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            configureServices?.Invoke(services);
        }).Start();
    }

    /// <summary>A new session from the real identity.</summary>
    public async Task<TestSession> CreateSessionAsync(string name)
    {
        using var http = Identity.CreateBrowserClient();
        var response = await http.PostAsJsonAsync("/api/identity/sessions", new { name, remember = false });
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<SessionBody>();
        return new TestSession(session!.User.Id, session.User.Name, session.Token!);
    }

    /// <summary>A hub connection to the fixture's replica (or <paramref name="host"/>) from the allowed origin.</summary>
    public Task<TestHubClient> ConnectAsync(TestSession session, ServiceHost<SignalingHub>? host = null, bool bearer = false) =>
        TestHubClient.ConnectAsync((host ?? Signaling).HttpUrl, session, AllowedOrigin, bearer);

    /// <summary>
    /// Moves the clock one presence heartbeat forward and waits until the living replicas have refreshed the
    /// presence of these users, as they do every heartbeat in production, before time moves on again.
    /// </summary>
    public async Task AdvanceHeartbeatAsync(params string[] livingUserIds)
    {
        var options = new SignalingOptions();
        Time.Advance(options.PresenceHeartbeatInterval);
        var refreshedUntil = (Time.GetUtcNow() + options.PresenceTimeout).ToUnixTimeMilliseconds();
        using var deadline = new CancellationTokenSource(TestTimeouts.Event);
        foreach (var userId in livingUserIds)
        {
            while (true)
            {
                var entries = await Store.Database.SortedSetRangeByRankWithScoresAsync($"signaling:presence:user:{userId}");
                if (entries.Any(e => e.Score >= refreshedUntil))
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
        }
    }

    /// <summary>A gRPC client of a replica's internal contract.</summary>
    public static EphemChat.Signaling.Grpc.Signaling.SignalingClient GrpcClient(ServiceHost<SignalingHub> host) =>
        new(GrpcChannel.ForAddress(host.GrpcUrl));

    public async Task DisposeAsync()
    {
        await Signaling.DisposeAsync();
        if (_roomsServer is not null)
        {
            await _roomsServer.DisposeAsync();
        }
        if (_matchmakingServer is not null)
        {
            await _matchmakingServer.DisposeAsync();
        }
        await Identity.DisposeAsync();
        await Store.DisposeAsync();
    }

    private sealed record UserBody(string Id, string Name);

    private sealed record SessionBody(UserBody User, string? Token);
}

/// <summary>One store, identity and clock for every test: they run one after the other on a small machine.</summary>
[CollectionDefinition(Name)]
public sealed class SignalingCollection : ICollectionFixture<SignalingFixture>
{
    public const string Name = "signaling";
}
