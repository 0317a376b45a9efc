using EphemChat.Hosting.Dashboard.Telemetry;

namespace EphemChat.Dashboard.Tests;

/// <summary>Each signal keeps only its newest N items: the dashboard's memory does not grow with the system's age.</summary>
public sealed class BoundedMemoryTests
{
    private const int Limit = 25;
    private const int Over = 10;

    [Fact]
    public async Task TenSpansOverTheLimitLeaveTheNewestNSpans()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(o => o.MaxSpans = Limit);
        using var client = await DashboardClient.LoggedInAsync(dashboard);
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };

        var names = Enumerable.Range(0, Limit + Over).Select(i => $"span-{i:00}").ToList();
        (await otlp.PostAsync("/v1/traces", OtlpRequests.Content(OtlpRequests.Spans("bounded", names)))).EnsureSuccessStatusCode();

        var status = await client.GetJsonAsync("/api/telemetry");
        var traces = await client.GetJsonAsync("/api/traces");
        Assert.Equal(Limit, status.GetProperty("spans").GetProperty("count").GetInt32());
        Assert.Equal(Limit, status.GetProperty("spans").GetProperty("capacity").GetInt32());
        Assert.Equal(names.Skip(Over).Order(), traces.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).Order());
    }

    [Fact]
    public async Task TenLogRecordsOverTheLimitLeaveTheNewestNRecords()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(o => o.MaxLogRecords = Limit);
        using var client = await DashboardClient.LoggedInAsync(dashboard);
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };

        var messages = Enumerable.Range(0, Limit + Over).Select(i => $"message {i:00}").ToList();
        (await otlp.PostAsync("/v1/logs", OtlpRequests.Content(OtlpRequests.Logs("bounded", messages)))).EnsureSuccessStatusCode();

        var logs = await client.GetJsonAsync("/api/logs/structured");
        Assert.Equal(Limit, logs.GetProperty("total").GetInt32());
        // Newest first.
        Assert.Equal(messages.Skip(Over).Reverse(), logs.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("message").GetString()!));
    }

    [Fact]
    public async Task TenMetricPointsOverTheLimitLeaveTheNewestNPoints()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync(o => o.MaxMetricPoints = Limit);
        using var client = await DashboardClient.LoggedInAsync(dashboard);
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };

        var values = Enumerable.Range(0, Limit + Over).Select(i => (double)i).ToList();
        (await otlp.PostAsync("/v1/metrics", OtlpRequests.Content(OtlpRequests.Gauge("bounded", "bounded.gauge", values, DateTimeOffset.UtcNow)))).EnsureSuccessStatusCode();

        var status = await client.GetJsonAsync("/api/telemetry");
        Assert.Equal(Limit, status.GetProperty("metricPoints").GetProperty("count").GetInt32());
        Assert.Equal(values.Skip(Over), dashboard.Stores.Metrics.Snapshot().Select(p => p.Value));
    }

    [Fact]
    public void ASpanStoreAtItsLimitKeepsEverySpanAndDropsTheOldestOnTheNext()
    {
        var store = new SpanStore(3);
        var spans = Enumerable.Range(0, 4).Select(i => Span($"{i:x32}", $"span-{i}")).ToList();

        store.Add(spans.Take(3));
        var atLimit = store.Snapshot();
        store.Add(spans.Skip(3));

        Assert.Equal(spans.Take(3), atLimit);
        Assert.Equal(spans.Skip(1), store.Snapshot());
        Assert.Empty(store.GetTrace($"{0:x32}"));
        Assert.Equal(3, store.Summaries().Count);
    }

    [Fact]
    public void AMetricSeriesIsForgottenWithItsLastPoint()
    {
        var store = new MetricStore(2);
        var source = new TelemetrySource("svc", "svc-0");
        var old = store.GetOrAddSeries(source, "m", "old.instrument", "", "", MetricKind.Gauge, false, "");
        var current = store.GetOrAddSeries(source, "m", "new.instrument", "", "", MetricKind.Gauge, false, "");

        store.Add([new MetricPoint(old, 0, 1, 1, 0)]);
        store.Add([new MetricPoint(current, 0, 2, 2, 0), new MetricPoint(current, 0, 3, 3, 0)]);

        Assert.Equal(["new.instrument"], store.Instruments().Select(i => i.Name));
    }

    private static SpanRecord Span(string traceId, string name) => new(
        traceId, "00000000000000aa", null, name, "internal", new TelemetrySource("svc", "svc-0"), "", 1, 2, SpanStatus.Unset, null, [], []);
}
