using System.Net;
using System.Text.Json;
using OpenTelemetry.Exporter;

namespace EphemChat.Dashboard.Tests;

/// <summary>The receiver decodes what OpenTelemetry's real OTLP exporter sends, over both of its protocols.</summary>
public sealed class OtlpReceiverTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task TracesMetricsAndLogsFromTheRealExporterArriveWithTheirServiceName(OtlpExportProtocol protocol)
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var client = await DashboardClient.LoggedInAsync(dashboard);
        var service = protocol == OtlpExportProtocol.Grpc ? "probe-grpc" : "probe-http";
        var endpoint = protocol == OtlpExportProtocol.Grpc ? dashboard.OtlpGrpcEndpoint : dashboard.OtlpHttpEndpoint;

        string traceId;
        using (var probe = new OtlpProbe(service, endpoint, protocol))
        {
            traceId = probe.Run(answer: 42);
        }

        var traces = await client.GetJsonAsync($"/api/traces?resource={service}");
        var trace = Assert.Single(traces.GetProperty("items").EnumerateArray());
        Assert.Equal(traceId, trace.GetProperty("traceId").GetString());
        Assert.Equal("probe operation", trace.GetProperty("name").GetString());
        Assert.Equal([service], trace.GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        var span = Assert.Single((await client.GetJsonAsync($"/api/traces/{traceId}")).GetProperty("spans").EnumerateArray());
        Assert.Equal("server", span.GetProperty("kind").GetString());
        Assert.Equal(service + "-0", span.GetProperty("instance").GetString());
        Assert.Contains(span.GetProperty("attributes").EnumerateArray(),
            a => a.GetProperty("key").GetString() == "probe.answer" && a.GetProperty("value").GetString() == "42");

        var logs = await client.GetJsonAsync($"/api/logs/structured?resource={service}");
        var log = Assert.Single(logs.GetProperty("items").EnumerateArray());
        Assert.Equal("Probe says hello 42", log.GetProperty("message").GetString());
        Assert.Equal("Warning", log.GetProperty("level").GetString());
        Assert.Equal("Probe.Category", log.GetProperty("category").GetString());
        Assert.Equal(traceId, log.GetProperty("traceId").GetString());

        var instruments = (await client.GetJsonAsync("/api/metrics/instruments")).EnumerateArray()
            .ToDictionary(i => i.GetProperty("name").GetString()!, i => i);
        Assert.Equal("monotonicSum", instruments["probe.requests"].GetProperty("kind").GetString());
        Assert.Equal("histogram", instruments["probe.duration"].GetProperty("kind").GetString());
        Assert.Equal("sum", instruments["probe.queue.length"].GetProperty("kind").GetString());
        Assert.Equal([service], instruments["probe.requests"].GetProperty("resources").EnumerateArray().Select(r => r.GetString()));
        var queue = await client.GetJsonAsync("/api/metrics?name=probe.queue.length&minutes=1");
        var line = Assert.Single(queue.GetProperty("series").EnumerateArray());
        Assert.Equal(service, line.GetProperty("resource").GetString());
        Assert.Equal(7, line.GetProperty("points").EnumerateArray().Last().GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task TheOtlpEndpointsNeedNoLoginButRefuseWhatIsNotOtlpProtobuf()
    {
        await using var dashboard = await StandaloneDashboard.StartAsync();
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };

        using var empty = await otlp.PostAsync("/v1/traces", Protobuf([]));
        using var json = await otlp.PostAsync("/v1/logs", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var garbage = await otlp.PostAsync("/v1/metrics", Protobuf([0xFF, 0xFF, 0xFF]));

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("application/x-protobuf", empty.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.EndsWith("/otlp-unsupported-media-type", await ProblemTypeAsync(json));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        Assert.EndsWith("/otlp-malformed", await ProblemTypeAsync(garbage));
    }

    [Fact]
    public async Task AnOtlpRequestOverTheSizeLimitIsRefusedAndOneAtTheLimitIsAccepted()
    {
        const int limit = 4_096;
        await using var dashboard = await StandaloneDashboard.StartAsync(o => o.MaxOtlpMessageBytes = limit);
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpHttpEndpoint) };

        using var atLimit = await otlp.PostAsync("/v1/logs", Protobuf(PaddedEmptyRequest(limit)));
        using var overLimit = await otlp.PostAsync("/v1/logs", Protobuf(PaddedEmptyRequest(limit + 1)));

        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, overLimit.StatusCode);
    }

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/x-protobuf");
        return content;
    }

    /// <summary>A valid, empty export request of exactly <paramref name="size"/> bytes: one unknown bytes field (number 15).</summary>
    private static byte[] PaddedEmptyRequest(int size)
    {
        // Tag (1 byte) + varint length (2 bytes for 128..16383) + payload.
        var payload = size - 3;
        var bytes = new byte[size];
        bytes[0] = (15 << 3) | 2;
        bytes[1] = (byte)((payload & 0x7F) | 0x80);
        bytes[2] = (byte)(payload >> 7);
        return bytes;
    }

    private static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString();
}
