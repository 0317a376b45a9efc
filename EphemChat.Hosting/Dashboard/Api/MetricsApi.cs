using EphemChat.Hosting.Dashboard.Otlp;
using EphemChat.Hosting.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// <c>/api/metrics/instruments</c>: every instrument reported; <c>/api/metrics?name=...&amp;minutes=5</c>: one
/// instrument charted over the last minutes, one line per resource (replicas and attribute sets summed).
/// </summary>
internal static class MetricsApi
{
    public static RouteGroupBuilder MapMetricsApi(this RouteGroupBuilder api)
    {
        var metrics = api.MapGroup("/metrics");
        metrics.MapGet("/", Chart);
        metrics.MapGet("/instruments", (TelemetryStores stores) => TypedResults.Ok(stores.Metrics.Instruments()));
        return metrics;
    }

    public static Results<Ok<MetricChart>, ValidationProblem> Chart(
        string? name, string? meter, string? resource, int? minutes, string? stat, TelemetryStores stores, IOptions<DashboardOptions> options,
        TimeProvider time)
    {
        var errors = new Dictionary<string, string[]>();
        var maxMinutes = options.Value.MaxMetricsWindowMinutes;
        if (string.IsNullOrWhiteSpace(name))
        {
            errors["name"] = ["Name the instrument, for example http.server.request.duration."];
        }
        if (minutes is < 1 || minutes > maxMinutes)
        {
            errors["minutes"] = [$"Ask for 1 to {maxMinutes} minutes."];
        }
        MetricStatistic? statistic = null;
        if (!string.IsNullOrEmpty(stat))
        {
            if (Enum.TryParse<MetricStatistic>(stat, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(stat, out _))
            {
                statistic = parsed;
            }
            else
            {
                errors["stat"] = ["Use rate, value or average."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The metrics query is not valid.", type: DashboardProblems.TypeBase + "validation");
        }

        var to = time.GetUtcNow();
        var from = to - TimeSpan.FromMinutes(minutes ?? 5);
        // One sample before the window lets the first bucket have a rate.
        var fromNanos = (from - MetricChart.StaleAfter).ToUnixTimeMilliseconds() * 1_000_000;
        var points = stores.Metrics.Points(s => s.Name == name
            && (string.IsNullOrEmpty(meter) || s.Meter == meter)
            && (string.IsNullOrEmpty(resource) || s.Source.Service == resource))
            .Where(p => p.TimeUnixNano >= fromNanos)
            .ToList();
        return TypedResults.Ok(MetricChart.Build(points, name!, statistic, from, to));
    }
}
