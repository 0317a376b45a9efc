using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every EphemChat service shares, as the Aspire ServiceDefaults template does it: OpenTelemetry, health
/// endpoints, service discovery, problem details and the two Kestrel endpoints.
/// </summary>
public static class Extensions
{
    /// <summary>Readiness: the process and everything it needs (the store) are usable.</summary>
    public const string HealthEndpointPath = "/health";

    /// <summary>Liveness: the process answers; a failing store does not make it restart.</summary>
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>Adds OpenTelemetry, health checks, service discovery, problem details and endpoint settings.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureServiceEndpoints();
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        // Service discovery on every HttpClient (gRPC clients included). Resilience is chosen per client, with
        // timeouts that suit the call, instead of one standard retry chain that can hold a request for 11 s.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddServiceDiscovery());

        builder.Services.TryAddTimeProvider();
        builder.Services.AddSingleton<ServiceTelemetry>();
        builder.AddDefaultProblemDetails();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // Only the gateway forwards; by default only loopback proxies are trusted, more come from configuration.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var network in builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        return builder;
    }

    /// <summary>Traces, metrics and logs; exported over OTLP only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var serviceSource = builder.Environment.ApplicationName;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.AspNetCore.Http.Connections", "Microsoft.AspNetCore.SignalR.Server", serviceSource))
            .WithTracing(tracing => tracing
                .AddSource(serviceSource)
                .AddAspNetCoreInstrumentation(options =>
                    // Probes every second would drown the traces that matter.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddGrpcClientInstrumentation()
                .AddHttpClientInstrumentation(options =>
                {
                    // Outgoing health probes (the gateway's active checks every few seconds) would drown them too.
                    options.FilterHttpRequestMessage = request => request.RequestUri is not { } uri
                        || (uri.AbsolutePath != HealthEndpointPath && uri.AbsolutePath != AlivenessEndpointPath);
                    // The outgoing URL may carry a query; record the path only.
                    options.EnrichWithHttpRequestMessage = (activity, request) =>
                    {
                        if (request.RequestUri is { } uri)
                        {
                            activity.SetTag("url.full", uri.GetLeftPart(UriPartial.Path));
                        }
                    };
                }));

        // An OTLP endpoint that accepts but never answers makes shutdown slow: export only when one is configured.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>A liveness check tagged <c>live</c>; readiness adds the checks of the store and other dependencies.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> and <c>/alive</c> and puts the error handling and forwarded headers first.</summary>
    /// <param name="app">The application.</param>
    /// <param name="beforeAuthentication">
    /// Middleware that must see a request before authentication does (signaling refuses a foreign Origin or a token
    /// in the URL before anything else), still inside the exception handler.
    /// </param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Action<IApplicationBuilder>? beforeAuthentication = null)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        beforeAuthentication?.Invoke(app);
        // Left to itself, WebApplication runs authentication before all of the above: a validator that throws (the
        // store is down) would answer a bare 500, and the handler would see the proxy's address and scheme.
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        // Kubernetes probes and the AppHost poll these, so they are mapped in every environment.
        app.MapHealthChecks(HealthEndpointPath);
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("live"),
        });

        return app;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
