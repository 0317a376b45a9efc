using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EphemChat.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// <c>/api/logs/console/{resource}</c>: what a replica wrote to stdout/stderr (the newest lines the AppHost keeps),
/// and <c>/stream</c>: the same as server-sent events, live, resuming after <c>Last-Event-ID</c>.
/// </summary>
internal static class ConsoleLogsApi
{
    public static RouteGroupBuilder MapConsoleLogsApi(this RouteGroupBuilder api)
    {
        var console = api.MapGroup("/logs/console");
        console.MapGet("/{resource}", Lines);
        console.MapGet("/{resource}/stream", Stream);
        return console;
    }

    public static Results<Ok<ConsoleLogDto>, ProblemHttpResult> Lines(string resource, int? replica, long? after, IDashboardResources app)
    {
        if (Find(app, resource, replica ?? 0) is not { } logs)
        {
            return NotFound(resource, replica ?? 0);
        }
        return TypedResults.Ok(new ConsoleLogDto(resource, replica ?? 0,
            [.. logs.Snapshot().Where(l => l.Sequence > (after ?? 0)).Select(ConsoleLineDto.From)]));
    }

    public static Results<ServerSentEventsResult<object>, ProblemHttpResult> Stream(
        string resource, int? replica, long? after, HttpContext context, IDashboardResources app,
        IOptions<DashboardOptions> options, IHostApplicationLifetime lifetime)
    {
        if (Find(app, resource, replica ?? 0) is not { } logs)
        {
            return NotFound(resource, replica ?? 0);
        }
        var resumeAfter = long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastEventId) ? lastEventId : after ?? 0;
        // A browser left open must not hold the AppHost's shutdown: the stream also ends when the dashboard stops.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stop);
        return TypedResults.ServerSentEvents(Follow(logs, resumeAfter, options.Value.ConsoleStreamCapacity, stop.Token));
    }

    private static async IAsyncEnumerable<SseItem<object>> Follow(
        LogBuffer logs, long after, int capacity, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var live = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        void OnLine(LogLine line) => live.Writer.TryWrite(line);

        // Subscribe before reading what is stored, then skip by sequence: no line is lost or sent twice.
        logs.LineWritten += OnLine;
        try
        {
            // Sent at once, so the browser (and any client) sees the stream open before the next line is written.
            yield return new SseItem<object>(new { after }, "ready");
            var last = after;
            foreach (var line in logs.Snapshot().Where(l => l.Sequence > after))
            {
                last = line.Sequence;
                yield return Item(line);
            }
            while (true)
            {
                LogLine line;
                try
                {
                    line = await live.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (line.Sequence > last)
                {
                    last = line.Sequence;
                    yield return Item(line);
                }
            }
        }
        finally
        {
            logs.LineWritten -= OnLine;
        }
    }

    private static SseItem<object> Item(LogLine line) =>
        new(ConsoleLineDto.From(line), "line") { EventId = line.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    private static LogBuffer? Find(IDashboardResources app, string resource, int replica) =>
        app.Snapshot().Any(r => r.Resource == resource && r.Replica == replica) ? app.GetLogs(resource, replica) : null;

    private static ProblemHttpResult NotFound(string resource, int replica) =>
        DashboardProblems.Problem(StatusCodes.Status404NotFound, "resource-not-found", $"No replica {replica} of a resource named '{resource}'.");
}

/// <summary>The stored console output of one replica.</summary>
internal sealed record ConsoleLogDto(string Resource, int Replica, IReadOnlyList<ConsoleLineDto> Lines);

/// <summary>One console line; <see cref="Text"/> keeps the ANSI colours the process wrote.</summary>
internal sealed record ConsoleLineDto(long Sequence, DateTimeOffset Time, string Text, bool IsError)
{
    public static ConsoleLineDto From(LogLine line) => new(line.Sequence, line.Timestamp, line.Text, line.IsError);
}
