using System.Net.Http.Headers;
using System.Net.Http.Json;
using EphemChat.Identity.Api;
using EphemChat.Rooms.Api;
using EphemChat.Rooms.Enclaves;
using EphemChat.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Rooms.Tests;

/// <summary>A person with a real identity session and an HTTP client to rooms that carries their token.</summary>
public sealed record TestUser(string Id, string Name, string Token, HttpClient Client);

/// <summary>
/// Rooms on real Kestrel over a real embedded Garnet, authenticated by the REAL identity (its own host, same store),
/// telling a recording signaling over real gRPC, with a controllable clock and the background sweeper off (tests
/// call <see cref="RoomSweeper.SweepOnceAsync"/> so that expiry never depends on timing). Every other setting is
/// the default, so the limits tested are the shipped ones.
/// </summary>
public sealed class RoomsFixture : IAsyncLifetime
{
    public GarnetServerFixture Store { get; } = new();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public RecordingSignaling Signaling { get; } = new();

    public ServiceHost<SessionsApi.Marker> Identity { get; private set; } = null!;

    public GrpcTestServer SignalingServer { get; private set; } = null!;

    public ServiceHost<RoomsApi.Marker> Rooms { get; private set; } = null!;

    public GrpcChannel RoomsChannel { get; private set; } = null!;

    public EphemChat.Rooms.Grpc.Rooms.RoomsClient RoomsGrpc { get; private set; } = null!;

    public RoomSweeper Sweeper => Rooms.Services.GetRequiredService<RoomSweeper>();

    public RoomsOptions Options { get; } = new();

    public async Task InitializeAsync()
    {
        await Store.InitializeAsync();
        // Identity keeps the real clock: test sessions must stay valid while the rooms' clock runs ahead by weeks.
        Identity = new ServiceHost<SessionsApi.Marker>(
            IdentitySettings.For(Store.ConnectionString)).Start();
        SignalingServer = await GrpcTestServer.StartAsync(
            services => services.AddSingleton(Signaling),
            app => app.MapGrpcService<RecordingSignaling>());
        Rooms = StartRooms(Store.ConnectionString);
        RoomsChannel = GrpcChannel.ForAddress(Rooms.GrpcUrl);
        RoomsGrpc = new EphemChat.Rooms.Grpc.Rooms.RoomsClient(RoomsChannel);
    }

    /// <summary>Another rooms host wired like the first (same identity, signaling and clock) over any store.</summary>
    public ServiceHost<RoomsApi.Marker> StartRooms(string redisConnectionString, bool sweep = false) =>
        new ServiceHost<RoomsApi.Marker>(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = redisConnectionString,
                ["services:identity:grpc:0"] = Identity.GrpcUrl,
                ["services:signaling:grpc:0"] = SignalingServer.Url,
                ["Rooms:SweepEnabled"] = sweep ? "true" : "false",
            },
            services => services.AddSingleton<TimeProvider>(Time)).Start();

    /// <summary>A new person: a real session from identity, and a client to rooms with its bearer token.</summary>
    public Task<TestUser> CreateUserAsync(string name) => CreateUserAsync(name, Rooms);

    public async Task<TestUser> CreateUserAsync(string name, ServiceHost<RoomsApi.Marker> rooms)
    {
        using var browser = Identity.CreateBrowserClient();
        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name, remember = false });
        response.EnsureSuccessStatusCode();
        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        var client = rooms.CreateBrowserClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        return new TestUser(session.User.Id, session.User.Name, session.Token!, client);
    }

    public async Task DisposeAsync()
    {
        RoomsChannel.Dispose();
        await Rooms.DisposeAsync();
        await SignalingServer.DisposeAsync();
        await Identity.DisposeAsync();
        await Store.DisposeAsync();
    }

    private sealed record UserBody(string Id, string Name);

    private sealed record SessionBody(UserBody User, string? Token);
}

[CollectionDefinition(Name)]
public sealed class RoomsCollection : ICollectionFixture<RoomsFixture>
{
    // One store, one identity, one clock: the classes run one after the other, and each test makes its own rooms.
    public const string Name = "rooms";
}
