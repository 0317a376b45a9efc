using EphemChat.Hosting.Dashboard.Telemetry;
using Microsoft.Extensions.Time.Testing;

namespace EphemChat.Dashboard.Tests;

/// <summary>How instruments become chart lines: rates from cumulative counts, current values, averages.</summary>
public sealed class MetricChartTests
{
    private static readonly DateTimeOffset s_end = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset s_start = s_end - TimeSpan.FromMinutes(1);

    [Fact]
    public void ACumulativeCounterOnTwoReplicasChartsAsTheSumOfTheirRates()
    {
        var store = new MetricStore(10_000);
        // Each replica counts 10 per second, exported every second for the whole minute.
        var points = Replica(store, "gateway-0", MetricKind.MonotonicSum, t => 10.0 * t)
            .Concat(Replica(store, "gateway-1", MetricKind.MonotonicSum, t => 10.0 * t)).ToList();

        var chart = MetricChart.Build(points, "requests", null, s_start, s_end);

        Assert.Equal(MetricStatistic.Rate, chart.Statistic);
        var line = Assert.Single(chart.Series);
        Assert.Equal("gateway", line.Resource);
        Assert.All(line.Points, p => Assert.Equal(20, p.Value, precision: 6));
        Assert.True(line.Points.Count >= 25);
    }

    [Fact]
    public void ACounterThatRestartsNeverChartsANegativeRate()
    {
        var store = new MetricStore(10_000);
        // Restarted at 30 s: the count starts again from zero.
        var points = Replica(store, "rooms-0", MetricKind.MonotonicSum, t => t < 30 ? 5.0 * t : 5.0 * (t - 30)).ToList();

        var chart = MetricChart.Build(points, "requests", null, s_start, s_end);

        Assert.All(Assert.Single(chart.Series).Points, p => Assert.InRange(p.Value, 0, 5.000001));
    }

    [Fact]
    public void AnUpDownCounterChartsItsCurrentValueSummedOverReplicas()
    {
        var store = new MetricStore(10_000);
        var points = Replica(store, "signaling-0", MetricKind.Sum, _ => 3)
            .Concat(Replica(store, "signaling-1", MetricKind.Sum, _ => 4)).ToList();

        var chart = MetricChart.Build(points, "signalr.server.active_connections", null, s_start, s_end);

        Assert.Equal(MetricStatistic.Value, chart.Statistic);
        Assert.All(Assert.Single(chart.Series).Points, p => Assert.Equal(7, p.Value));
    }

    [Fact]
    public void AHistogramAverageIsTheSumOverTheCountOfEachInterval()
    {
        var store = new MetricStore(10_000);
        // 2 requests per second of 50 ms each: the cumulative sum grows by 100 per second.
        var series = store.GetOrAddSeries(new TelemetrySource("identity", "identity-0"), "m", "duration", "ms", "", MetricKind.Histogram, false, "");
        var points = Enumerable.Range(0, 61).Select(t => new MetricPoint(series, 1, Nanos(s_start + TimeSpan.FromSeconds(t)), 2.0 * t, 100.0 * t)).ToList();

        var average = MetricChart.Build(points, "duration", MetricStatistic.Average, s_start, s_end);
        var rate = MetricChart.Build(points, "duration", null, s_start, s_end);

        Assert.All(Assert.Single(average.Series).Points, p => Assert.Equal(50, p.Value, precision: 6));
        Assert.All(Assert.Single(rate.Series).Points, p => Assert.Equal(2, p.Value, precision: 6));
    }

    [Fact]
    public async Task TheMetricsWindowEndsAtTheDashboardsClock()
    {
        var time = new FakeTimeProvider(s_end);
        await using var dashboard = await StandaloneDashboard.StartAsync(time: time);
        using var client = await DashboardClient.LoggedInAsync(dashboard);
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };
        (await otlp.PostAsync("/v1/metrics", OtlpRequests.Content(OtlpRequests.Gauge("matchmaking", "queue", [1, 2, 3], s_end - TimeSpan.FromSeconds(10)))))
            .EnsureSuccessStatusCode();

        var now = await client.GetJsonAsync("/api/metrics?name=queue&minutes=1");
        time.Advance(TimeSpan.FromMinutes(2));
        var later = await client.GetJsonAsync("/api/metrics?name=queue&minutes=1");

        Assert.Equal(s_end.ToUnixTimeMilliseconds(), now.GetProperty("toUnixMilliseconds").GetInt64());
        Assert.Equal(3, Assert.Single(now.GetProperty("series").EnumerateArray()).GetProperty("points").EnumerateArray().Last().GetProperty("value").GetDouble());
        Assert.Empty(later.GetProperty("series").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/metrics?minutes=5", "name")]
    [InlineData("/api/metrics?name=x&minutes=0", "minutes")]
    [InlineData("/api/metrics?name=x&minutes=61", "minutes")]
    [InlineData("/api/metrics?name=x&stat=median", "stat")]
    public async Task AnInvalidMetricsQueryIsA400NamingTheField(string path, string field)
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.LoggedInAsync(dashboard);

        using var response = await client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TheLongestMetricsWindowIsAccepted()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.LoggedInAsync(dashboard);

        using var response = await client.GetAsync($"/api/metrics?name=x&minutes={dashboard.Options.MaxMetricsWindowMinutes}");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static IEnumerable<MetricPoint> Replica(MetricStore store, string instance, MetricKind kind, Func<int, double> valueAt)
    {
        var series = store.GetOrAddSeries(new TelemetrySource(instance[..instance.LastIndexOf('-')], instance), "m", "x", "", "", kind, false, "");
        return Enumerable.Range(0, 61).Select(t => new MetricPoint(series, 1, Nanos(s_start + TimeSpan.FromSeconds(t)), valueAt(t), 0));
    }

    private static long Nanos(DateTimeOffset time) => time.ToUnixTimeMilliseconds() * 1_000_000;
}
