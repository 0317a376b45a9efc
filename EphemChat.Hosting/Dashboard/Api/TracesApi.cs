using System.Text.RegularExpressions;
using EphemChat.Hosting.Dashboard.Otlp;
using EphemChat.Hosting.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// <c>/api/traces</c>: the stored traces, newest first, with duration, resources and errors; <c>/api/traces/{id}</c>:
/// one trace's spans in tree order with their offsets, for the waterfall.
/// </summary>
internal static partial class TracesApi
{
    public static RouteGroupBuilder MapTracesApi(this RouteGroupBuilder api)
    {
        var traces = api.MapGroup("/traces");
        traces.MapGet("/", List);
        traces.MapGet("/{traceId}", Get);
        return traces;
    }

    public static Results<Ok<TracePageDto>, ValidationProblem> List(
        string? resource, string? q, bool? errors, int? limit, TelemetryStores stores, IOptions<DashboardOptions> options)
    {
        var max = options.Value.MaxListItems;
        if (limit is < 1 || limit > max)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"Ask for 1 to {max} traces."] },
                title: "The trace filter is not valid.", type: DashboardProblems.TypeBase + "validation");
        }
        var matches = stores.Spans.Summaries()
            .Where(t => string.IsNullOrEmpty(resource) || t.Services.Contains(resource))
            .Where(t => string.IsNullOrEmpty(q) || t.Name.Contains(q, StringComparison.OrdinalIgnoreCase) || t.TraceId.StartsWith(q, StringComparison.OrdinalIgnoreCase))
            .Where(t => errors is not true || t.ErrorCount > 0)
            .OrderByDescending(t => t.StartUnixNano)
            .ToList();
        return TypedResults.Ok(new TracePageDto(matches.Count, [.. matches.Take(limit ?? max).Select(TraceSummaryDto.From)]));
    }

    public static Results<Ok<TraceDto>, ProblemHttpResult, ValidationProblem> Get(string traceId, TelemetryStores stores)
    {
        if (!TraceIdFormat().IsMatch(traceId))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["traceId"] = ["A trace id is 32 hexadecimal characters."] },
                title: "The trace id is not valid.", type: DashboardProblems.TypeBase + "validation");
        }
        var spans = stores.Spans.GetTrace(traceId.ToLowerInvariant());
        if (spans.Count == 0)
        {
            return DashboardProblems.Problem(StatusCodes.Status404NotFound, "trace-not-found",
                "This trace is not (or no longer) in the dashboard's memory.");
        }
        return TypedResults.Ok(TraceDto.From(spans));
    }

    [GeneratedRegex("^[0-9a-fA-F]{32}$")]
    private static partial Regex TraceIdFormat();
}

/// <summary>A page of traces and how many matched in all.</summary>
internal sealed record TracePageDto(int Total, IReadOnlyList<TraceSummaryDto> Items);

/// <summary>A line of the trace list.</summary>
internal sealed record TraceSummaryDto(
    string TraceId,
    string Name,
    string RootResource,
    double Start,
    double DurationMs,
    int SpanCount,
    IReadOnlyList<string> Resources,
    int ResourceCount,
    int ErrorCount,
    bool HasError)
{
    public static TraceSummaryDto From(TraceSummary t) => new(
        t.TraceId, t.Name, t.RootService, t.StartUnixNano / 1e6, t.DurationMilliseconds, t.SpanCount, t.Services, t.Services.Count,
        t.ErrorCount, t.ErrorCount > 0);
}

/// <summary>One trace for the waterfall: spans in tree order (parents before children, siblings by start).</summary>
internal sealed record TraceDto(
    string TraceId,
    string Name,
    double Start,
    double DurationMs,
    IReadOnlyList<string> Resources,
    int ErrorCount,
    IReadOnlyList<SpanDto> Spans)
{
    public static TraceDto From(IReadOnlyList<SpanRecord> spans)
    {
        var summary = TraceSummary.From(spans);
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans.Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId))
            .GroupBy(s => s.ParentSpanId!)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartUnixNano).ToList(), StringComparer.Ordinal);
        var ordered = new List<SpanDto>(spans.Count);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartUnixNano))
        {
            Visit(root, 0);
        }
        // A cycle of parent ids (a broken exporter) leaves spans unvisited: show them at the top level.
        foreach (var rest in spans.Where(s => !visited.Contains(s.SpanId)).OrderBy(s => s.StartUnixNano))
        {
            Visit(rest, 0);
        }
        return new TraceDto(summary.TraceId, summary.Name, summary.StartUnixNano / 1e6, summary.DurationMilliseconds, summary.Services,
            summary.ErrorCount, ordered);

        void Visit(SpanRecord span, int depth)
        {
            if (!visited.Add(span.SpanId))
            {
                return;
            }
            ordered.Add(SpanDto.From(span, depth, summary.StartUnixNano));
            foreach (var child in children.GetValueOrDefault(span.SpanId) ?? [])
            {
                Visit(child, depth + 1);
            }
        }
    }
}

/// <summary>One span of the waterfall.</summary>
internal sealed record SpanDto(
    string SpanId,
    string? ParentSpanId,
    string Name,
    string Kind,
    string Resource,
    string Instance,
    string Scope,
    double Start,
    double OffsetMs,
    double DurationMs,
    int Depth,
    string Status,
    string? StatusMessage,
    IReadOnlyList<AttributeDto> Attributes,
    IReadOnlyList<SpanEventDto> Events)
{
    public static SpanDto From(SpanRecord s, int depth, long traceStartUnixNano) => new(
        s.SpanId, s.ParentSpanId, s.Name, s.Kind, s.Source.Service, s.Source.Instance, s.Scope, s.StartUnixNano / 1e6,
        (s.StartUnixNano - traceStartUnixNano) / 1e6, s.DurationMilliseconds, depth, s.Status.ToString().ToLowerInvariant(), s.StatusMessage,
        [.. s.Attributes.Select(a => new AttributeDto(a.Key, a.Value))],
        [.. s.Events.Select(e => new SpanEventDto(e.Name, (e.TimeUnixNano - traceStartUnixNano) / 1e6, [.. e.Attributes.Select(a => new AttributeDto(a.Key, a.Value))]))]);
}

/// <summary>A span event, at its offset from the trace's start.</summary>
internal sealed record SpanEventDto(string Name, double OffsetMs, IReadOnlyList<AttributeDto> Attributes);
