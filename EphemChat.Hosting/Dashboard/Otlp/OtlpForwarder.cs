using System.Threading.Channels;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Logs;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Metrics;
using EphemChat.Hosting.Dashboard.Otlp.Collector.Trace;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace EphemChat.Hosting.Dashboard.Otlp;

/// <summary>
/// Sends every request the dashboard receives on to an external OTLP collector (or a standalone Aspire dashboard),
/// over gRPC or http/protobuf. Requests are forwarded as they were decoded, unknown fields included, from a
/// bounded queue: a slow or absent collector never slows the services or grows memory, it only loses batches.
/// </summary>
internal sealed class OtlpForwarder : IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<IMessage> _queue;
    private readonly Uri _endpoint;
    private readonly bool _grpc;
    private readonly Action<string> _notify;
    private readonly HttpClient _http = new() { Timeout = s_timeout };
    private readonly GrpcChannel? _channel;
    private readonly CancellationTokenSource _stopping = new();
    private Task _pump = Task.CompletedTask;
    private int _failures;
    private long _dropped;

    public OtlpForwarder(string endpoint, string protocol, int capacity, Action<string> notify)
    {
        _endpoint = new Uri(endpoint.TrimEnd('/') + "/");
        _grpc = !string.Equals(protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase);
        _notify = notify;
        _queue = Channel.CreateBounded<IMessage>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        }, _ => Interlocked.Increment(ref _dropped));
        if (_grpc)
        {
            _channel = GrpcChannel.ForAddress(_endpoint);
        }
    }

    /// <summary>Where requests go.</summary>
    public string Endpoint => _endpoint.ToString().TrimEnd('/');

    /// <summary>Requests sent successfully.</summary>
    public long Forwarded { get; private set; }

    /// <summary>Requests dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Start() => _pump = Task.Run(PumpAsync);

    public void Enqueue(IMessage request) => _queue.Writer.TryWrite(request);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try
        {
            // Whatever is queued gets a short chance to leave before the AppHost exits.
            await _pump.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
        }
        await _stopping.CancelAsync();
        _channel?.Dispose();
        _http.Dispose();
        _stopping.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
        {
            try
            {
                await SendAsync(request, _stopping.Token);
                Forwarded++;
                _failures = 0;
            }
            catch (Exception ex) when (ex is RpcException or HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                if (_stopping.IsCancellationRequested)
                {
                    return;
                }
                // One line when forwarding starts failing, not one per batch.
                if (_failures++ == 0)
                {
                    _notify($"dashboard: forwarding telemetry to {Endpoint} failed ({ex.Message}); batches are dropped until it answers.");
                }
            }
        }
    }

    private async Task SendAsync(IMessage request, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        if (_channel is not null)
        {
            switch (request)
            {
                case ExportTraceServiceRequest traces:
                    await new TraceService.TraceServiceClient(_channel).ExportAsync(traces, deadline: deadline, cancellationToken: cancellationToken);
                    break;
                case ExportMetricsServiceRequest metrics:
                    await new MetricsService.MetricsServiceClient(_channel).ExportAsync(metrics, deadline: deadline, cancellationToken: cancellationToken);
                    break;
                case ExportLogsServiceRequest logs:
                    await new LogsService.LogsServiceClient(_channel).ExportAsync(logs, deadline: deadline, cancellationToken: cancellationToken);
                    break;
            }
            return;
        }

        var path = request switch
        {
            ExportTraceServiceRequest => "v1/traces",
            ExportMetricsServiceRequest => "v1/metrics",
            _ => "v1/logs",
        };
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new(OtlpHttpApi.ProtobufContentType);
        using var response = await _http.PostAsync(new Uri(_endpoint, path), content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
