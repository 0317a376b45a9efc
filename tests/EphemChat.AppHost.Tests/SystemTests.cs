using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EphemChat.Hosting.Orchestration;

namespace EphemChat.AppHost.Tests;

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}

/// <summary>The whole system through the gateway: every process real, wired by the AppHost model.</summary>
[Collection(SystemCollection.Name)]
public sealed class SystemTests(SystemFixture system)
{
    [Fact]
    public async Task EveryResourceIsHealthyAndTheGatewaySeesEveryService()
    {
        using var client = system.CreateBrowser();

        var health = await client.GetAsync("/health");
        var status = await client.GetFromJsonAsync<JsonElement>("/api/status");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.All(system.App.Snapshot(), replica => Assert.Equal(ReplicaState.Healthy, replica.State));
        Assert.Equal(2, system.App.Snapshot().Count(r => r.Resource == "signaling"));
        Assert.Equal("healthy", status.GetProperty("status").GetString());
        Assert.Equal(
            ["identity", "matchmaking", "rooms", "signaling", "frontend"],
            status.GetProperty("services").EnumerateArray().Where(s => s.GetProperty("status").GetString() == "healthy")
                .Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task TheRootServesTheWebApp()
    {
        using var client = system.CreateBrowser();

        var response = await client.GetAsync("/");
        var deepLink = await client.GetAsync("/room/some-room");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, deepLink.StatusCode);
        Assert.Equal("text/html", deepLink.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ASessionFromIdentityAuthenticatesAtRoomsOverGrpc()
    {
        using var browser = system.CreateBrowser();

        var created = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Grace", remember = false });
        var rooms = await browser.GetAsync("/api/rooms");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // Rooms knows the caller only by asking identity's Authenticate over gRPC: two services, one call.
        Assert.Equal(HttpStatusCode.OK, rooms.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await rooms.Content.ReadFromJsonAsync<JsonElement>()).ValueKind);
    }

    [Fact]
    public async Task WithoutASessionServicesAnswerAProblemTheUiCanRead()
    {
        using var anonymous = system.CreateBrowser();
        using var forged = system.CreateBrowser();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", new string('x', 43));

        var missing = await anonymous.GetAsync("/api/rooms");
        var invalid = await forged.GetAsync("/api/match/search");

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/session-required", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
        Assert.EndsWith("/session-invalid", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task AnUnknownApiRouteIsAProblemNotTheWebApp()
    {
        using var client = system.CreateBrowser();

        var response = await client.GetAsync("/api/nope/nothing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/status")]
    [InlineData("/api/rooms")]
    public async Task TheGatewaySetsSecurityHeadersOnEveryResponse(string path)
    {
        using var client = system.CreateBrowser();

        var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task TheGatewayRateLimitsEachClientWith429AndRetryAfter()
    {
        using var client = system.CreateBrowser();
        using var other = system.CreateBrowser();
        // The gateway trusts forwarded headers from loopback (an ingress); each test client is its own address.
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.10");
        other.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.11");

        HttpResponseMessage? limited = null;
        for (var i = 0; i < 60 && limited is null; i++)
        {
            var response = await client.GetAsync("/api/nope");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        var otherClient = await other.GetAsync("/api/nope");

        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/too-many-requests", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherClient.StatusCode);
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedAtTheGateway()
    {
        using var client = system.CreateBrowser();

        var response = await client.PostAsync("/api/identity/sessions",
            new StringContent(new string('a', 65 * 1024), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AStoppedServiceShowsAsDegradedAndComesBackWhenRestarted()
    {
        using var client = system.CreateBrowser();

        await system.App.StopResourceAsync("matchmaking");
        var degraded = await PollStatusAsync(client, "matchmaking", expectHealthy: false);
        await system.App.StartResourceAsync("matchmaking");
        await system.App.WaitForResourceHealthyAsync("matchmaking").WaitAsync(TimeSpan.FromSeconds(60));
        var recovered = await PollStatusAsync(client, "matchmaking", expectHealthy: true);

        Assert.NotEqual("healthy", degraded);
        Assert.Equal("healthy", recovered);
    }

    [Fact]
    public async Task AResourceThatExitsUnexpectedlyIsReportedAndRestarted()
    {
        var before = system.App.Snapshot().Single(r => r.Resource == "frontend");

        // A crash, not a stop: the orchestrator did not ask for it.
        System.Diagnostics.Process.GetProcessById(before.ProcessId!.Value).Kill();
        var after = before;
        for (var attempt = 0; attempt < 300 && !(after.Restarts > before.Restarts && after.State == ReplicaState.Healthy); attempt++)
        {
            await Task.Delay(100);
            after = system.App.Snapshot().Single(r => r.Resource == "frontend");
        }
        using var client = system.CreateBrowser();
        var page = await client.GetAsync("/");

        Assert.Equal(before.Restarts + 1, after.Restarts);
        Assert.Equal(ReplicaState.Healthy, after.State);
        Assert.NotEqual(before.ProcessId, after.ProcessId);
        Assert.Contains(system.App.GetLogs("frontend").Snapshot(), line => line.Text.Contains("exited unexpectedly", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static async Task<string?> PollStatusAsync(HttpClient client, string service, bool expectHealthy)
    {
        string? last = null;
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var status = await client.GetFromJsonAsync<JsonElement>("/api/status");
            last = status.GetProperty("services").EnumerateArray()
                .First(s => s.GetProperty("name").GetString() == service).GetProperty("status").GetString();
            if ((last == "healthy") == expectHealthy)
            {
                return last;
            }
            await Task.Delay(250);
        }
        return last;
    }
}
