using System.IO.Compression;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Trace;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard.Otlp;

/// <summary>
/// OTLP/HTTP with binary protobuf (<c>http/protobuf</c>): <c>POST /v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>.
/// Loopback only and without the dashboard login, like any local collector. OTLP/JSON is not accepted (415).
/// </summary>
internal static class OtlpHttpApi
{
    public const string ProtobufContentType = "application/x-protobuf";

    public static void MapOtlpHttp(this IEndpointRouteBuilder app, string[] hosts)
    {
        app.MapPost("/v1/traces", (HttpContext context, TelemetryIngest ingest, IOptions<DashboardOptions> options) =>
            ExportAsync(context, options.Value, ExportTraceServiceRequest.Parser, ingest.Accept, new ExportTraceServiceResponse()))
            .RequireHost(hosts);
        app.MapPost("/v1/metrics", (HttpContext context, TelemetryIngest ingest, IOptions<DashboardOptions> options) =>
            ExportAsync(context, options.Value, ExportMetricsServiceRequest.Parser, ingest.Accept, new ExportMetricsServiceResponse()))
            .RequireHost(hosts);
        app.MapPost("/v1/logs", (HttpContext context, TelemetryIngest ingest, IOptions<DashboardOptions> options) =>
            ExportAsync(context, options.Value, ExportLogsServiceRequest.Parser, ingest.Accept, new ExportLogsServiceResponse()))
            .RequireHost(hosts);
    }

    private static async Task<IResult> ExportAsync<TRequest>(
        HttpContext context, DashboardOptions options, MessageParser<TRequest> parser, Action<TRequest> accept, IMessage response)
        where TRequest : IMessage<TRequest>
    {
        if (!string.Equals(context.Request.ContentType?.Split(';')[0].Trim(), ProtobufContentType, StringComparison.OrdinalIgnoreCase))
        {
            return DashboardProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "otlp-unsupported-media-type",
                $"Send OTLP as binary protobuf (Content-Type: {ProtobufContentType}); OTLP/JSON is not accepted.");
        }

        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, options.MaxOtlpMessageBytes, context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return DashboardProblems.Problem(StatusCodes.Status400BadRequest, "otlp-bad-encoding", "The request body is not valid gzip.");
        }
        catch (Exception ex) when (ex is PayloadTooLargeException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            return DashboardProblems.Problem(StatusCodes.Status413PayloadTooLarge, "otlp-too-large",
                $"The OTLP request is larger than {options.MaxOtlpMessageBytes} bytes.");
        }

        TRequest request;
        try
        {
            request = parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return DashboardProblems.Problem(StatusCodes.Status400BadRequest, "otlp-malformed", "The request body is not a valid OTLP protobuf message.");
        }
        accept(request);
        return Results.Bytes(response.ToByteArray(), ProtobufContentType);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        var body = request.Body;
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            body = new GZipStream(body, CompressionMode.Decompress);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new PayloadTooLargeException();
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private sealed class PayloadTooLargeException : Exception;
}
