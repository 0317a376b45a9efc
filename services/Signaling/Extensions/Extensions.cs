using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Ice;
using EphemChat.Signaling.Presence;
using EphemChat.Signaling.Telemetry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace EphemChat.Signaling.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        builder.Services.AddOptions<SignalingOptions>()
            .Bind(builder.Configuration.GetSection(SignalingOptions.SectionName))
            .PostConfigure(options =>
            {
                // The AppHost's gateway listens on 8080; deployments and tests name their origins explicitly.
                if (isDevelopment && options.AllowedOrigins.Length == 0)
                {
                    options.AllowedOrigins = SignalingOptions.DevelopmentOrigins;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<TurnOptions>()
            .Bind(builder.Configuration.GetSection(TurnOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // WithReference(redis): presence and the SignalR backplane that joins the replicas.
        builder.AddRedisClient("redis");
        builder.AddSessionAuthentication();
        // Membership before relaying anything; a search ends when its user has no connection left.
        builder.AddServiceGrpcClient<EphemChat.Rooms.Grpc.Rooms.RoomsClient>("rooms", TimeSpan.FromSeconds(2));
        builder.AddServiceGrpcClient<EphemChat.Matchmaking.Grpc.Matchmaking.MatchmakingClient>("matchmaking", TimeSpan.FromSeconds(2));

        builder.Services.AddSingleton<SignalingMetrics>();
        builder.Services.AddSingleton<LocalConnections>();
        builder.Services.AddSingleton<SignalRoutes>();
        builder.Services.AddHostedService<SignalRouteInvalidations>();
        builder.Services.AddSingleton<PresenceStore>();
        builder.Services.AddSingleton<PresenceDepartures>();
        builder.Services.AddSingleton<RoomEvictions>();
        builder.Services.AddHostedService<PresenceHeartbeat>();
        builder.AddSignalingHub();

        builder.Services.AddGrpc();
        builder.Services.AddOpenApi();
    }

    private static void AddSignalingHub(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IUserIdProvider, SessionUserIdProvider>();
        builder.Services.AddSignalR(hub => hub.AddFilter<HubLimitsFilter>()).AddStackExchangeRedis();
        builder.Services.AddOptions<HubOptions>().Configure<IOptions<SignalingOptions>>((hub, signaling) =>
        {
            var limits = signaling.Value;
            hub.MaximumReceiveMessageSize = limits.MaximumReceiveMessageSize;
            hub.ClientTimeoutInterval = limits.ClientTimeoutInterval;
            hub.KeepAliveInterval = limits.KeepAliveInterval;
            hub.HandshakeTimeout = limits.HandshakeTimeout;
            // Stack traces and internal messages never reach browsers; HubException texts do.
            hub.EnableDetailedErrors = false;
        });
        // One connection to the store for presence and the backplane: a replica that loses it loses both at once.
        builder.Services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer, IOptions<SignalingOptions>>((redis, store, signaling) =>
        {
            redis.Configuration.ChannelPrefix = RedisChannel.Literal(signaling.Value.ChannelPrefix);
            redis.ConnectionFactory = _ => Task.FromResult(store);
        });

        // Telemetry/HubTraceSampler.cs: no span per Signal or Typing.
        var otherSpans = HubTraceSampler.FromEnvironment(builder.Configuration["OTEL_TRACES_SAMPLER"], builder.Configuration["OTEL_TRACES_SAMPLER_ARG"]);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.SetSampler(new HubTraceSampler(otherSpans)));

        // SignalR's connection token rides in the hub URL's query: keep queries of hub requests out of traces.
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(tracing => tracing.EnrichWithHttpRequest = (activity, request) =>
        {
            if (request.Path.StartsWithSegments(SignalingHubEndpoints.Path))
            {
                activity.SetTag("url.query", null);
            }
        });
    }
}
