using System.Diagnostics;
using EphemChat.ServiceDefaults;
using EphemChat.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace EphemChat.Dashboard.Tests;

/// <summary>
/// <c>AddRedisClient</c> turns store commands into child spans of the request that made them (StackExchange.Redis's
/// profiling API), naming the command and never a key or value.
/// </summary>
public sealed class RedisTracingTests : IClassFixture<GarnetServerFixture>, IAsyncLifetime
{
    private const string SecretKey = "identity:token:secret-key-4f1c";
    private const string SecretValue = "secret-value-9b2e";

    private static readonly ActivitySource s_requests = new("RedisTracingTests.Requests");

    private readonly GarnetServerFixture _garnet;
    private readonly List<Activity> _exported = [];
    private IHost _host = null!;

    public RedisTracingTests(GarnetServerFixture garnet) => _garnet = garnet;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:redis"] = _garnet.ConnectionString;
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(s_requests.Name)
            .AddProcessor(new Collector(_exported)));
        builder.AddRedisClient("redis");
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task StoreCommandsBecomeChildSpansNamedAfterTheCommandWithoutKeysOrValues()
    {
        var db = _host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        string requestSpanId;
        using (var request = s_requests.StartActivity("POST /api/identity/sessions", ActivityKind.Server)!)
        {
            requestSpanId = request.SpanId.ToHexString();
            await db.StringSetAsync(SecretKey, SecretValue, TimeSpan.FromMinutes(1));
            await db.StringGetAsync(SecretKey);
            await db.ScriptEvaluateAsync("return redis.call('GET', KEYS[1])", [SecretKey]);
        }

        var store = _exported.Where(a => a.Source.Name == RedisTracing.ActivitySourceName).ToList();
        Assert.Equal(3, store.Count);
        Assert.Equal("redis SETEX", store[0].DisplayName);
        Assert.Equal("redis GET", store[1].DisplayName);
        // EVAL, or EVALSHA once the script is cached.
        Assert.StartsWith("redis EVAL", store[2].DisplayName);
        Assert.All(store, span =>
        {
            Assert.Equal(requestSpanId, span.ParentSpanId.ToHexString());
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("redis", span.GetTagItem("db.system"));
            Assert.Equal(span.DisplayName["redis ".Length..], span.GetTagItem("db.operation"));
            Assert.Equal(0, span.GetTagItem("db.redis.database_index"));
            Assert.True(span.Duration > TimeSpan.Zero);
            Assert.DoesNotContain(span.TagObjects, tag => $"{tag.Value}".Contains("secret", StringComparison.Ordinal));
        });
    }

    /// <summary>Keeps every ended span (what an exporter would receive).</summary>
    private sealed class Collector(List<Activity> ended) : OpenTelemetry.BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            lock (ended)
            {
                ended.Add(data);
            }
        }
    }

    [Fact]
    public async Task CommandsOutsideARecordedSpanAreNotTraced()
    {
        var db = _host.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        await db.PingAsync();
        await db.StringGetAsync("no-span");

        Assert.DoesNotContain(_exported, a => a.Source.Name == RedisTracing.ActivitySourceName);
    }
}
