using System.Net;
using EphemChat.Hosting.Dashboard;
using EphemChat.Hosting.Dashboard.Otlp;

namespace EphemChat.Dashboard.Tests;

/// <summary>Every limit of the dashboard at its edge: at the limit accepted, one over refused.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private DashboardHost _dashboard = null!;

    public async Task InitializeAsync() => _dashboard = await StandaloneDashboard.StartAsync();

    public async Task DisposeAsync() => await _dashboard.DisposeAsync();

    [Theory]
    [InlineData("/api/logs/structured")]
    [InlineData("/api/traces")]
    public async Task AListAcceptsUpToTheMaximumRowsAndRefusesOneMore(string path)
    {
        using var client = await DashboardClient.LoggedInAsync(_dashboard);
        var max = _dashboard.Options.MaxListItems;

        using var atLimit = await client.GetAsync($"{path}?limit={max}");
        using var overLimit = await client.GetAsync($"{path}?limit={max + 1}");
        using var zero = await client.GetAsync($"{path}?limit=0");

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Contains("\"limit\"", await overLimit.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownLevelOrAMalformedTraceIdIsA400NamingTheField()
    {
        using var client = await DashboardClient.LoggedInAsync(_dashboard);

        using var level = await client.GetAsync("/api/logs/structured?level=loud");
        using var traceId = await client.GetAsync("/api/traces/not-a-trace-id");
        using var unknownTrace = await client.GetAsync($"/api/traces/{new string('a', 32)}");

        Assert.Equal(HttpStatusCode.BadRequest, level.StatusCode);
        Assert.Contains("\"level\"", await level.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, traceId.StatusCode);
        Assert.Contains("\"traceId\"", await traceId.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownTrace.StatusCode);
        Assert.Equal("application/problem+json", unknownTrace.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ARequestUnderAnotherHostNameIsNotServed()
    {
        // A page whose DNS name was rebound to 127.0.0.1 sends its own name as Host.
        using var rebound = new HttpClient();
        using var ui = new HttpRequestMessage(HttpMethod.Get, $"{_dashboard.Url}/api/telemetry") { Headers = { Host = $"attacker.example:{_dashboard.Port}" } };
        using var otlp = new HttpRequestMessage(HttpMethod.Post, $"{_dashboard.OtlpHttpEndpoint}/v1/traces")
        {
            Headers = { Host = $"attacker.example:{_dashboard.OtlpHttpPort}" },
            Content = OtlpRequests.Content(OtlpRequests.Spans("rebound", ["x"])),
        };

        using var uiResponse = await rebound.SendAsync(ui);
        using var otlpResponse = await rebound.SendAsync(otlp);

        Assert.Equal(HttpStatusCode.NotFound, uiResponse.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otlpResponse.StatusCode);
        Assert.Equal(0, _dashboard.Stores.Spans.Count);
    }

    [Fact]
    public async Task TheForwardQueueHoldsItsCapacityAndDropsTheOldestBeyondIt()
    {
        const int capacity = 3;
        // Not started: nothing leaves the queue, as with a collector that never answers.
        await using var forwarder = new OtlpForwarder("http://127.0.0.1:9", "grpc", capacity, _ => { });

        for (var i = 0; i < capacity; i++)
        {
            forwarder.Enqueue(OtlpRequests.Spans("queued", [$"span-{i}"]));
        }
        var droppedAtCapacity = forwarder.Dropped;
        forwarder.Enqueue(OtlpRequests.Spans("queued", ["one more"]));

        Assert.Equal(0, droppedAtCapacity);
        Assert.Equal(1, forwarder.Dropped);
    }
}
