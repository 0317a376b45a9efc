using System.Net;
using System.Text.Json;

namespace EphemChat.Dashboard.Tests;

/// <summary>The dashboard of the whole running system: what every service sends, and control of the resources.</summary>
[Collection(DashboardSystemCollection.Name)]
public sealed class SystemDashboardTests(DashboardSystemFixture system)
{
    private static readonly string[] s_projects = ["identity", "rooms", "signaling", "matchmaking", "frontend", "gateway"];

    [Fact]
    public async Task EveryServiceExportsMetricsAndLogsToTheAppHostsReceiverUnderItsResourceName()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard);

        var instruments = await DashboardClient.EventuallyAsync(() => dashboard.GetJsonAsync("/api/metrics/instruments"),
            list => s_projects.All(p => Reporting(list).Contains(p)));
        var logTotals = new Dictionary<string, int>();
        foreach (var project in s_projects)
        {
            var logs = await DashboardClient.EventuallyAsync(() => dashboard.GetJsonAsync($"/api/logs/structured?resource={project}&limit=1"),
                l => l.GetProperty("total").GetInt32() > 0);
            logTotals[project] = logs.GetProperty("total").GetInt32();
        }

        Assert.Superset(s_projects.ToHashSet(), Reporting(instruments));
        Assert.All(logTotals, total => Assert.True(total.Value > 0, $"{total.Key} sent no log record"));
        var signalingInstances = system.Dashboard.Stores.Metrics.Snapshot().Where(p => p.Series.Source.Service == "signaling")
            .Select(p => p.Series.Source.Instance).ToHashSet();
        Assert.Equal(["signaling-0", "signaling-1"], signalingInstances.Order());

        static HashSet<string> Reporting(JsonElement instruments) =>
            [.. instruments.EnumerateArray().SelectMany(i => i.GetProperty("resources").EnumerateArray().Select(r => r.GetString()!))];
    }

    [Fact]
    public async Task ARoomsCallIsOneTraceAcrossGatewayRoomsAndIdentityWithTheStoreCallsAndNoToken()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard);
        using var gateway = system.CreateGatewayClient();

        var token = await system.CreateSessionAndListRoomsAsync(gateway, "Tracey");

        var traces = await DashboardClient.EventuallyAsync(() => dashboard.GetJsonAsync("/api/traces?resource=rooms"),
            page => CrossService(page) is not null);
        var summary = CrossService(traces);
        Assert.NotNull(summary);
        var trace = await DashboardClient.EventuallyAsync(
            () => dashboard.GetJsonAsync($"/api/traces/{summary.Value.GetProperty("traceId").GetString()}"),
            // Each process exports on its own schedule: wait until every part has arrived.
            t => Spans(t).Any(s => Attribute(s, "db.system") == "redis") && Server(t, "rooms") is not null && Server(t, "identity") is not null);
        var spans = Spans(trace);

        Assert.Equal("gateway", spans[0].GetProperty("resource").GetString());
        Assert.Equal(0, spans[0].GetProperty("depth").GetInt32());
        var roomsServer = Server(trace, "rooms");
        var identityServer = Server(trace, "identity");
        Assert.NotNull(roomsServer);
        Assert.NotNull(identityServer);
        Assert.True(identityServer.Value.GetProperty("depth").GetInt32() > roomsServer.Value.GetProperty("depth").GetInt32());
        var store = spans.Where(s => Attribute(s, "db.system") == "redis").ToList();
        Assert.NotEmpty(store);
        Assert.All(store, s =>
        {
            Assert.Contains(s.GetProperty("resource").GetString(), new[] { "identity", "rooms" });
            Assert.StartsWith("redis ", s.GetProperty("name").GetString());
            Assert.Equal("client", s.GetProperty("kind").GetString());
        });
        Assert.Contains(store, s => s.GetProperty("resource").GetString() == "identity");
        // Logs and traces never carry a session token.
        Assert.DoesNotContain(token, trace.GetRawText());

        static JsonElement? CrossService(JsonElement page) => page.GetProperty("items").EnumerateArray()
            .Where(t => new[] { "gateway", "rooms", "identity" }.All(r => t.GetProperty("resources").EnumerateArray().Any(x => x.GetString() == r)))
            .Cast<JsonElement?>().FirstOrDefault();
        static List<JsonElement> Spans(JsonElement trace) => [.. trace.GetProperty("spans").EnumerateArray()];
        static JsonElement? Server(JsonElement trace, string resource) => Spans(trace)
            .Where(s => s.GetProperty("resource").GetString() == resource && s.GetProperty("kind").GetString() == "server")
            .Cast<JsonElement?>().FirstOrDefault();
        static string? Attribute(JsonElement span, string key) => span.GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("key").GetString() == key).Select(a => a.GetProperty("value").GetString()).FirstOrDefault();
    }

    [Fact]
    public async Task ASearchThatFindsAMatchIsOneTraceAcrossGatewayMatchmakingRoomsAndSignalingWithStoreCalls()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard);

        await system.SearchUntilMatchedAsync("Tracey A", "Tracey B");

        string[] path = ["gateway", "matchmaking", "rooms", "signaling"];
        var traces = await DashboardClient.EventuallyAsync(() => dashboard.GetJsonAsync("/api/traces?resource=signaling"),
            page => Spanning(page, path) is not null);
        var summary = Spanning(traces, path)!.Value;
        var trace = await DashboardClient.EventuallyAsync(
            () => dashboard.GetJsonAsync($"/api/traces/{summary.GetProperty("traceId").GetString()}"),
            t => path.All(r => Spans(t).Any(s => s.GetProperty("resource").GetString() == r && s.GetProperty("kind").GetString() == "server"))
                && Spans(t).Any(s => s.GetProperty("resource").GetString() == "matchmaking" && s.GetProperty("name").GetString()!.StartsWith("redis ", StringComparison.Ordinal)));
        var spans = Spans(trace);

        // One request of a person (the search through the gateway) is the root; the services hang below it.
        Assert.Equal("gateway", spans[0].GetProperty("resource").GetString());
        Assert.Equal(0, spans[0].GetProperty("depth").GetInt32());
        Assert.All(spans.Skip(1), s => Assert.True(s.GetProperty("depth").GetInt32() > 0));
        Assert.Contains(spans, s => s.GetProperty("resource").GetString() == "rooms" && s.GetProperty("kind").GetString() == "server"
            && s.GetProperty("name").GetString()!.Contains("CreateRoom", StringComparison.Ordinal));
        Assert.Contains(spans, s => s.GetProperty("resource").GetString() == "signaling" && s.GetProperty("kind").GetString() == "server"
            && s.GetProperty("name").GetString()!.Contains("Notify", StringComparison.Ordinal));

        static JsonElement? Spanning(JsonElement page, string[] resources) => page.GetProperty("items").EnumerateArray()
            .Where(t => resources.All(r => t.GetProperty("resources").EnumerateArray().Any(x => x.GetString() == r)))
            .Cast<JsonElement?>().FirstOrDefault();
        static List<JsonElement> Spans(JsonElement trace) => [.. trace.GetProperty("spans").EnumerateArray()];
    }

    [Fact]
    public async Task TheResourcesPageListsEveryReplicaWithItsProcessUrlsAndHealth()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard);

        var resources = (await dashboard.GetJsonAsync("/api/resources")).EnumerateArray().ToList();

        // Every replica of the model (turn only where coturn is installed), in declaration order.
        var expected = system.App.Snapshot().Select(r =>
            system.App.Resources.Single(m => m.Name == r.Resource).Replicas > 1 ? $"{r.Resource}-{r.Replica}" : r.Resource).ToList();
        Assert.Subset(expected.ToHashSet(), new HashSet<string> { "redis", "identity", "rooms", "signaling-0", "signaling-1", "matchmaking", "frontend", "gateway" });
        Assert.Equal(expected, resources.Select(r => r.GetProperty("displayName").GetString()));
        Assert.All(resources.Where(r => r.GetProperty("name").GetString() != "matchmaking"), r =>
        {
            Assert.Equal("Running", r.GetProperty("state").GetString());
            Assert.Equal("Healthy", r.GetProperty("health").GetString());
            Assert.True(r.GetProperty("pid").GetInt32() > 0);
            Assert.True(r.GetProperty("uptimeSeconds").GetDouble() >= 0);
            Assert.NotEmpty(r.GetProperty("urls").EnumerateArray());
        });
    }

    [Fact]
    public async Task StoppingAndStartingAResourceThroughTheApiChangesItsState()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard);

        using var stop = await dashboard.PostAsync("/api/resources/matchmaking/stop", null);
        var stopped = await State(dashboard, "matchmaking");
        using var stopAgain = await dashboard.PostAsync("/api/resources/matchmaking/stop", null);
        using var start = await dashboard.PostAsync("/api/resources/matchmaking/start", null);
        await system.App.WaitForResourceHealthyAsync("matchmaking").WaitAsync(TimeSpan.FromSeconds(60));
        var running = await DashboardClient.EventuallyAsync(() => State(dashboard, "matchmaking"), s => s.Health == "Healthy");
        using var startAgain = await dashboard.PostAsync("/api/resources/matchmaking/start", null);
        using var unknown = await dashboard.PostAsync("/api/resources/nothing/restart", null);

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(("Stopped", (string?)null), stopped);
        Assert.Equal(HttpStatusCode.Conflict, stopAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(("Running", "Healthy"), running);
        Assert.Equal(HttpStatusCode.Conflict, startAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ConsoleLogsOfAReplicaAreListedAndStreamedLive()
    {
        using var dashboard = await DashboardClient.LoggedInAsync(system.Dashboard, TimeSpan.FromSeconds(15));
        var logs = system.App.GetLogs("signaling", 1);

        var stored = await dashboard.GetJsonAsync("/api/logs/console/signaling?replica=1");
        var last = stored.GetProperty("lines").EnumerateArray().Last().GetProperty("sequence").GetInt64();
        using var stream = await dashboard.GetAsync($"/api/logs/console/signaling/stream?replica=1&after={last}", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var ready = await ReadEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));
        logs.Write("a line written while the page is open", isError: false);
        var received = await ReadEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotEmpty(stored.GetProperty("lines").EnumerateArray());
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ready", ready.Event);
        Assert.Equal("line", received.Event);
        Assert.Equal("a line written while the page is open", JsonDocument.Parse(received.Data).RootElement.GetProperty("text").GetString());
        Assert.Equal($"{last + 1}", received.Id);
    }

    private static async Task<(string State, string? Health)> State(HttpClient dashboard, string name)
    {
        var resource = (await dashboard.GetJsonAsync("/api/resources")).EnumerateArray().First(r => r.GetProperty("name").GetString() == name);
        return (resource.GetProperty("state").GetString()!, resource.GetProperty("health").GetString());
    }

    private static async Task<(string? Event, string Data, string? Id)> ReadEventAsync(StreamReader reader)
    {
        string? name = null, id = null, data = "";
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data.Length > 0)
            {
                return (name, data, id);
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line["data: ".Length..];
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line["id: ".Length..];
            }
        }
        throw new EndOfStreamException();
    }
}
