using System.Net;
using System.Net.Http.Json;
using EphemChat.Hosting;
using EphemChat.Hosting.Dashboard;
using EphemChat.Testing;

namespace EphemChat.Dashboard.Tests;

[CollectionDefinition(Name)]
public sealed class DashboardSystemCollection : ICollectionFixture<DashboardSystemFixture>
{
    // One whole system for every test that needs it: two on 2 cores only makes both slow.
    public const string Name = "dashboard-system";
}

/// <summary>
/// The whole system from the AppHost's model with the dashboard turned on: every service exports OTLP to the
/// AppHost's receiver over gRPC, exactly as in run mode.
/// </summary>
public sealed class DashboardSystemFixture : IAsyncLifetime
{
    public DistributedApplication App { get; private set; } = null!;

    internal DashboardHost Dashboard => App.Dashboard!;

    public async Task InitializeAsync()
    {
        App = await DistributedSystem.StartAsync<Program>(configure: builder => builder.Options.Dashboard.Enabled = true);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A client of the public origin with its own cookie jar: one "browser".</summary>
    public HttpClient CreateGatewayClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = App.GetEndpoint("gateway") };

    /// <summary>
    /// What a person does today that crosses three services: create a session (gateway → identity), then list rooms
    /// (gateway → rooms → identity over gRPC, which authenticates the caller). Returns the session token.
    /// </summary>
    public async Task<string> CreateSessionAndListRoomsAsync(HttpClient gateway, string name)
    {
        using var created = await gateway.PostAsJsonAsync("/api/identity/sessions", new { name, remember = false });
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("token").GetString()!;
        using var rooms = await gateway.GetAsync("/api/rooms");
        rooms.EnsureSuccessStatusCode();
        return token;
    }

    /// <summary>
    /// Two people search through the public origin until matchmaking pairs them: the trace of the second search
    /// crosses gateway → matchmaking → rooms (CreateRoom) → signaling (Notify). Returns the room id.
    /// </summary>
    public async Task<string> SearchUntilMatchedAsync(string first, string second)
    {
        using var a = CreateGatewayClient();
        using var b = CreateGatewayClient();
        await CreateSessionAndListRoomsAsync(a, first);
        await CreateSessionAndListRoomsAsync(b, second);
        (await a.PostAsJsonAsync("/api/match/search", new { })).EnsureSuccessStatusCode();
        (await b.PostAsJsonAsync("/api/match/search", new { })).EnsureSuccessStatusCode();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var state = await a.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/match/search");
            if (state.GetProperty("state").GetString() == "matched")
            {
                return state.GetProperty("roomId").GetString()!;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{first} and {second} were not matched.");
    }
}
