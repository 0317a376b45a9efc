using System.Net;
using System.Net.Http.Json;
using EphemChat.Hosting.Orchestration;
using EphemChat.Testing;

namespace EphemChat.AppHost.Tests;

/// <summary>The same system on Debian's redis-server: real Redis must work as well as the embedded Garnet.</summary>
public sealed class RedisServerStoreTests(RedisServerSystemFixture system) : IClassFixture<RedisServerSystemFixture>
{
    [Fact]
    public async Task TheSystemRunsOnRedisServer()
    {
        using var browser = system.CreateBrowser();

        var created = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Linus", remember = true });
        var rooms = await browser.GetAsync("/api/rooms");

        Assert.NotNull(system.App.Snapshot().Single(r => r.Resource == "redis").ProcessId);
        Assert.NotEqual(Environment.ProcessId, system.App.Snapshot().Single(r => r.Resource == "redis").ProcessId);
        Assert.All(system.App.Snapshot(), r => Assert.Equal(ReplicaState.Healthy, r.State));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rooms.StatusCode);
    }
}

/// <summary>A store that already runs elsewhere, given by connection string.</summary>
public sealed class ExternalStoreTests : IAsyncLifetime
{
    private readonly GarnetServerFixture _store = new();
    private ExternalStoreSystem? _system;

    public async Task InitializeAsync()
    {
        await _store.InitializeAsync();
        _system = new ExternalStoreSystem($"127.0.0.1:{_store.Port}");
        await _system.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task TheSystemUsesAnExternalStoreAndWritesItsStateThere()
    {
        using var browser = _system!.CreateBrowser();

        var created = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Barbara", remember = true });
        var keys = await _store.ScanAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Null(_system.App.Snapshot().Single(r => r.Resource == "redis").ProcessId);
        Assert.Contains(keys, k => k.Key.StartsWith("identity:user:", StringComparison.Ordinal));
    }

    private sealed class ExternalStoreSystem(string connection) : SystemFixture
    {
        protected override string[] Args => ["--redis-connection", connection];

    }
}
