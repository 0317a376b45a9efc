using EphemChat.Hosting.Dashboard.Otlp;
using EphemChat.Hosting.Dashboard.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// <c>/api/logs/structured</c>: OTLP log records, newest first, filtered by resource, minimum level, text (message,
/// category or attribute) and trace.
/// </summary>
internal static class StructuredLogsApi
{
    public static RouteHandlerBuilder MapStructuredLogsApi(this RouteGroupBuilder api) => api.MapGet("/logs/structured", Query);

    public static Results<Ok<LogPageDto>, ValidationProblem> Query(
        string? resource, string? level, string? q, string? traceId, int? limit, TelemetryStores stores, IOptions<DashboardOptions> options)
    {
        var max = options.Value.MaxListItems;
        var errors = new Dictionary<string, string[]>();
        var minimum = 0;
        if (!string.IsNullOrEmpty(level) && ParseLevel(level) is not { } parsed)
        {
            errors["level"] = ["Use trace, debug, information, warning, error or critical."];
        }
        else if (!string.IsNullOrEmpty(level))
        {
            minimum = ParseLevel(level)!.Value;
        }
        if (limit is < 1 || limit > max)
        {
            errors["limit"] = [$"Ask for 1 to {max} records."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The log filter is not valid.", type: DashboardProblems.TypeBase + "validation");
        }

        var matches = stores.Logs.Snapshot()
            .Where(e => e.Severity >= minimum)
            .Where(e => string.IsNullOrEmpty(resource) || e.Source.Service == resource)
            .Where(e => string.IsNullOrEmpty(traceId) || string.Equals(e.TraceId, traceId, StringComparison.OrdinalIgnoreCase))
            .Where(e => string.IsNullOrEmpty(q) || Contains(e, q))
            .Reverse()
            .ToList();
        return TypedResults.Ok(new LogPageDto(matches.Count, [.. matches.Take(limit ?? max).Select(LogEntryDto.From)]));
    }

    /// <summary>The lowest OTLP severity number of a level name.</summary>
    public static int? ParseLevel(string level) => level.ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => null,
    };

    private static bool Contains(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A page of log records and how many matched in all.</summary>
internal sealed record LogPageDto(int Total, IReadOnlyList<LogEntryDto> Items);

/// <summary>One structured log record.</summary>
internal sealed record LogEntryDto(
    long Sequence,
    double Time,
    int Severity,
    string Level,
    string Resource,
    string Instance,
    string Category,
    string Message,
    IReadOnlyList<AttributeDto> Attributes,
    string? TraceId,
    string? SpanId)
{
    public static LogEntryDto From(LogEntry e) => new(
        e.Sequence, e.TimeUnixNano / 1e6, e.Severity, TelemetryIngest.SeverityName(e.Severity), e.Source.Service, e.Source.Instance,
        e.Category, e.Message, [.. e.Attributes.Select(a => new AttributeDto(a.Key, a.Value))], e.TraceId, e.SpanId);
}

/// <summary>An attribute as text.</summary>
internal sealed record AttributeDto(string Key, string Value);
