using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using EphemChat.Hosting.Dashboard.Api;
using EphemChat.Hosting.Dashboard.Otlp;
using EphemChat.Hosting.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EphemChat.Hosting.Dashboard;

/// <summary>
/// The developer dashboard inside the AppHost: one Kestrel server on loopback with three endpoints — the web UI
/// (HTTP/1.1, login required), OTLP/gRPC (cleartext HTTP/2: a cleartext endpoint cannot offer both protocols) and
/// OTLP/HTTP (HTTP/1.1, <c>/v1/traces</c> ...). Ports are chosen when it is created, so the services' environment
/// can point at the receiver before anything starts.
/// </summary>
internal sealed class DashboardHost : IAsyncDisposable
{
    private readonly DashboardOptions _options;
    private readonly IDashboardResources _resources;
    private readonly TimeProvider _time;
    private WebApplication? _app;

    public DashboardHost(
        DashboardOptions options, IDashboardResources resources, string? forwardEndpoint = null, string forwardProtocol = "grpc",
        TimeProvider? time = null, Action<string>? notify = null)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _options = options;
        _resources = resources;
        _time = time ?? TimeProvider.System;
        notify ??= _ => { };

        Port = ChoosePort(options.Port, notify, "dashboard");
        OtlpGrpcPort = ChoosePort(options.OtlpGrpcPort, notify, "OTLP/gRPC");
        OtlpHttpPort = ChoosePort(options.OtlpHttpPort, notify, "OTLP/HTTP");
        Stores = new TelemetryStores(options);
        if (!string.IsNullOrWhiteSpace(forwardEndpoint))
        {
            Forwarder = new OtlpForwarder(forwardEndpoint, forwardProtocol, options.ForwardQueueCapacity, notify);
        }
        Login = new DashboardLogin();
        LoginToken = Login.CreateToken();
    }

    public DashboardOptions Options => _options;

    public int Port { get; }

    public int OtlpGrpcPort { get; }

    public int OtlpHttpPort { get; }

    /// <summary>The web UI, as a person types it.</summary>
    public string Url => $"http://localhost:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The URL printed at start: it logs the first browser in, once.</summary>
    public string LoginUrl => $"{Url}/login?t={LoginToken}";

    /// <summary>What services get as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> (protocol <c>grpc</c>).</summary>
    public string OtlpGrpcEndpoint => $"http://127.0.0.1:{OtlpGrpcPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The <c>http/protobuf</c> receiver's base URL.</summary>
    public string OtlpHttpEndpoint => $"http://127.0.0.1:{OtlpHttpPort.ToString(CultureInfo.InvariantCulture)}";

    public string LoginToken { get; }

    public DashboardLogin Login { get; }

    public TelemetryStores Stores { get; }

    public OtlpForwarder? Forwarder { get; }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "EphemChat.Dashboard",
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The AppHost's console belongs to the resources' output; the dashboard stays quiet.
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenLocalhost(Port, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, OtlpGrpcPort, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Loopback, OtlpHttpPort, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Limits.MaxRequestBodySize = _options.MaxOtlpMessageBytes;
            kestrel.AddServerHeader = false;
        });
        // Open live streams must not hold the AppHost's shutdown.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_options));
        builder.Services.AddSingleton(_resources);
        builder.Services.AddSingleton(_time);
        builder.Services.AddSingleton(Stores);
        builder.Services.AddSingleton(Login);
        builder.Services.AddSingleton(this);
        builder.Services.AddSingleton(new TelemetryIngest(Stores, Forwarder));
        builder.Services.AddProblemDetails();
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = _options.MaxOtlpMessageBytes;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals;
        });

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseDashboardSecurityHeaders();

        var grpcHosts = LoopbackHosts(OtlpGrpcPort);
        app.MapGrpcService<TraceReceiver>().RequireHost(grpcHosts);
        app.MapGrpcService<MetricsReceiver>().RequireHost(grpcHosts);
        app.MapGrpcService<LogsReceiver>().RequireHost(grpcHosts);
        app.MapOtlpHttp(LoopbackHosts(OtlpHttpPort));

        var ui = app.MapGroup("").RequireHost(LoopbackHosts(Port));
        ui.MapDashboardPages();
        var api = ui.MapGroup("/api").AddEndpointFilter(DashboardSecurity.RequireSession);
        api.MapResourcesApi();
        api.MapConsoleLogsApi();
        api.MapStructuredLogsApi();
        api.MapTracesApi();
        api.MapMetricsApi();
        api.MapTelemetryStatusApi();

        Forwarder?.Start();
        await app.StartAsync(cancellationToken);
        _app = app;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        if (Forwarder is not null)
        {
            await Forwarder.DisposeAsync();
        }
    }

    /// <summary>
    /// Each endpoint answers only under loopback names and its own port: a page whose DNS name was rebound to
    /// 127.0.0.1 (DNS rebinding) reaches nothing, and one endpoint's routes are not served on another.
    /// </summary>
    private static string[] LoopbackHosts(int port)
    {
        var p = port.ToString(CultureInfo.InvariantCulture);
        return [$"localhost:{p}", $"127.0.0.1:{p}"];
    }

    /// <summary>The configured port when it is free, else (or for 0) a free one: a second AppHost still starts.</summary>
    private static int ChoosePort(int configured, Action<string> notify, string what)
    {
        if (configured == 0)
        {
            return PortAllocator.Next();
        }
        if (IsFree(configured))
        {
            return configured;
        }
        var port = PortAllocator.Next();
        notify($"dashboard: port {configured} ({what}) is in use; using {port}.");
        return port;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
