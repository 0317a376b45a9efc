using EphemChat.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>Settings of <see cref="RedisExtensions.AddRedisClient"/>, named as Aspire names them.</summary>
public sealed class StackExchangeRedisSettings
{
    /// <summary>The connection string; by default <c>ConnectionStrings:{connectionName}</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Leaves the store out of <c>/health</c>.</summary>
    public bool DisableHealthChecks { get; set; }
}

/// <summary>The Redis client, registered with the same signature as Aspire's <c>AddRedisClient</c>.</summary>
public static class RedisExtensions
{
    /// <summary>
    /// Registers one shared <see cref="IConnectionMultiplexer"/> for <c>ConnectionStrings:{connectionName}</c>
    /// (a Redis or Garnet server) and a readiness check that pings it.
    /// </summary>
    public static void AddRedisClient(
        this IHostApplicationBuilder builder,
        string connectionName,
        Action<StackExchangeRedisSettings>? configureSettings = null,
        Action<ConfigurationOptions>? configureOptions = null)
    {
        var settings = new StackExchangeRedisSettings
        {
            ConnectionString = builder.Configuration.GetConnectionString(connectionName),
        };
        configureSettings?.Invoke(settings);
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                $"The Redis connection string is missing: set ConnectionStrings__{connectionName} (host:port[,password=...]).");
        }

        var options = ConfigurationOptions.Parse(settings.ConnectionString);
        // Start even when the store is not up yet; /health stays unhealthy until it is.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2_000;
        options.ClientName ??= builder.Environment.ApplicationName;
        configureOptions?.Invoke(options);

        builder.Services.AddSingleton<RedisTracing>();
        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            var connection = ConnectionMultiplexer.Connect(options);
            // Store calls appear in traces as child spans of the request that made them.
            connection.RegisterProfiler(services.GetRequiredService<RedisTracing>().CurrentSession);
            return connection;
        });
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(RedisTracing.ActivitySourceName)
            .AddProcessor(services => new RedisTracingProcessor(services.GetRequiredService<RedisTracing>())));

        if (!settings.DisableHealthChecks)
        {
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, HealthStatus.Unhealthy, ["ready", "store"]);
        }
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("The store does not answer.", ex);
            }
        }
    }
}
