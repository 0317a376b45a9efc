using System.Net.Http.Headers;
using System.Net.Http.Json;
using EphemChat.Identity.Api;
using EphemChat.Matchmaking.Api;
using EphemChat.Matchmaking.Matching;
using EphemChat.Matchmaking.Tests.Fakes;
using EphemChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Matchmaking.Tests;

/// <summary>A searcher: an identity account and its bearer token.</summary>
public sealed record TestUser(string Id, string Name, string Token);

/// <summary>
/// Two matchmaking replicas on real Kestrel over one real embedded Garnet, authenticated by the real identity (on its
/// own Garnet, so that a test can empty the matchmaking store without losing its users), with recording rooms and
/// signaling over real gRPC and one controllable clock. The background loop is removed: tests run passes themselves.
/// </summary>
public sealed class MatchmakingFixture : IAsyncLifetime
{
    public GarnetServerFixture Store { get; } = new();

    public GarnetServerFixture IdentityStore { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public RecordingRooms Rooms { get; } = new();

    public RecordingSignaling Signaling { get; } = new();

    public ServiceHost<SessionsApi.Marker> Identity { get; private set; } = null!;

    /// <summary>The replica the route tests talk to.</summary>
    public ServiceHost<SearchRequest> Replica { get; private set; } = null!;

    /// <summary>A second replica on the same store.</summary>
    public ServiceHost<SearchRequest> SecondReplica { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public MatchmakingOptions Options => Replica.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MatchmakingOptions>>().Value;

    public PairingEngine Engine => Replica.Services.GetRequiredService<PairingEngine>();

    public SearchStore SearchStore => Replica.Services.GetRequiredService<SearchStore>();

    private GrpcTestServer _roomsServer = null!;
    private GrpcTestServer _signalingServer = null!;
    private HttpClient _identityHttp = null!;
    private int _userCount;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Store.InitializeAsync(), IdentityStore.InitializeAsync());
        _roomsServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Rooms), app => app.MapGrpcService<RecordingRooms>());
        _signalingServer = await GrpcTestServer.StartAsync(s => s.AddSingleton(Signaling), app => app.MapGrpcService<RecordingSignaling>());
        Identity = new ServiceHost<SessionsApi.Marker>(
            IdentitySettings.For(IdentityStore.ConnectionString)).Start();
        _identityHttp = Identity.CreateBrowserClient();

        Replica = StartReplica();
        SecondReplica = StartReplica();
        Http = Replica.CreateBrowserClient();
    }

    /// <summary>Empties the matchmaking store and the recordings; each test starts from an empty queue.</summary>
    public async Task ResetAsync()
    {
        await Store.FlushAsync();
        Rooms.Reset();
        Signaling.Reset();
    }

    /// <summary>A new account on the real identity.</summary>
    public async Task<TestUser> CreateUserAsync(string? name = null)
    {
        name ??= $"User {Interlocked.Increment(ref _userCount)}";
        var response = await _identityHttp.PostAsJsonAsync("/api/identity/sessions", new { name, remember = false });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        return new TestUser(session.User.Id, session.User.Name, session.Token!);
    }

    /// <summary>Sends a request as <paramref name="user"/> (bearer token) to a replica, by default the first.</summary>
    public Task<HttpResponseMessage> SendAsync(TestUser user, HttpMethod method, string path, object? body = null, HttpClient? http = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return (http ?? Http).SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        _identityHttp.Dispose();
        await Replica.DisposeAsync();
        await SecondReplica.DisposeAsync();
        await Identity.DisposeAsync();
        await _roomsServer.DisposeAsync();
        await _signalingServer.DisposeAsync();
        await Store.DisposeAsync();
        await IdentityStore.DisposeAsync();
    }

    private ServiceHost<SearchRequest> StartReplica() => new ServiceHost<SearchRequest>(
        new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = Store.ConnectionString,
            ["services:identity:grpc:0"] = Identity.GrpcUrl,
            ["services:rooms:grpc:0"] = _roomsServer.Url,
            ["services:signaling:grpc:0"] = _signalingServer.Url,
        },
        services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            // Tests run passes themselves (RunOnceAsync), so that nothing happens behind their back.
            var loop = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(MatchmakingWorker));
            services.Remove(loop);
        }).Start();

    private sealed record UserBody(string Id, string Name);

    private sealed record SessionBody(UserBody User, string? Token);
}

[CollectionDefinition(Name)]
public sealed class MatchmakingCollection : ICollectionFixture<MatchmakingFixture>
{
    public const string Name = "matchmaking";
}

/// <summary>A functional test class: shares the fixture, starts from an empty store.</summary>
[Collection(MatchmakingCollection.Name)]
public abstract class MatchmakingTests(MatchmakingFixture fixture) : IAsyncLifetime
{
    protected MatchmakingFixture Fixture { get; } = fixture;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
