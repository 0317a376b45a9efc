using System.Net;
using EphemChat.Hosting;
using EphemChat.Testing;

namespace EphemChat.AppHost.Tests;

/// <summary>
/// The whole system started from the AppHost's own model (2 signaling replicas), on dynamic ports, as a test
/// would with Aspire.Hosting.Testing. Subclasses choose the store.
/// </summary>
public class SystemFixture : IAsyncLifetime
{
    protected virtual string[] Args => [];

    public DistributedApplication App { get; private set; } = null!;

    public Uri Gateway => App.GetEndpoint("gateway");

    public virtual async Task InitializeAsync() => App = await DistributedSystem.StartAsync<Program>(Args, Configure);

    public virtual async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>A client with its own cookie jar: one "browser".</summary>
    public HttpClient CreateBrowser() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Gateway };

    protected virtual void Configure(DistributedApplicationBuilder builder)
    {
        // A small burst so the rate-limit test reaches it quickly; tests use distinct forwarded client IPs.
        builder["gateway"].Environment["Gateway__RateLimit__Burst"] = "20";
        builder["gateway"].Environment["Gateway__RateLimit__PermitsPerSecond"] = "5";
    }
}

/// <summary>The system on Debian's redis-server instead of the embedded Garnet.</summary>
public sealed class RedisServerSystemFixture : SystemFixture
{
    protected override string[] Args => ["--redis", "redis-server"];
}
