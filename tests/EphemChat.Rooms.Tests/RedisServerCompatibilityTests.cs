using System.Diagnostics;
using System.Globalization;
using System.Net;
using EphemChat.Rooms.Api;
using EphemChat.Rooms.Enclaves;
using EphemChat.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace EphemChat.Rooms.Tests;

/// <summary>
/// The same scripts on a real <c>redis-server</c> (Debian's 7.0, Lua 5.1) instead of Garnet (Lua 5.4): the store must
/// work with both. Identity and signaling are the shared fixture's; only rooms' store changes.
/// </summary>
[Collection(RoomsCollection.Name)]
public sealed class RedisServerCompatibilityTests(RoomsFixture fixture) : IAsyncLifetime
{
    private readonly int _port = FreePorts.Next();
    private Process? _redis;
    private ConnectionMultiplexer? _connection;
    private ServiceHost<RoomsApi.Marker>? _rooms;

    public async Task InitializeAsync()
    {
        _redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install redis-server).");
        _redis.OutputDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        var connectionString = $"127.0.0.1:{_port},allowAdmin=true";
        for (var attempt = 0; _connection is null; attempt++)
        {
            try
            {
                _connection = await ConnectionMultiplexer.ConnectAsync(connectionString);
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(50);
            }
        }
        _rooms = fixture.StartRooms(connectionString);
    }

    public async Task DisposeAsync()
    {
        if (_rooms is not null)
        {
            await _rooms.DisposeAsync();
        }
        _connection?.Dispose();
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
        _redis?.Dispose();
    }

    [Fact]
    public async Task TheWholeLifeOfARoomWorksOnARealRedisServer()
    {
        var ada = await fixture.CreateUserAsync("Ada", _rooms!);
        var bob = await fixture.CreateUserAsync("Bob", _rooms!);
        var cat = await fixture.CreateUserAsync("Cat", _rooms!);
        var sweeper = _rooms!.Services.GetRequiredService<RoomSweeper>();

        // Create, join, full, post (idempotent, capped), read, leave, rotate, expire.
        var room = await ada.CreateRoomAsync("enclave", capacity: 2);
        await bob.JoinOkAsync(room);
        Assert.Equal(HttpStatusCode.Conflict, (await cat.JoinAsync(room.Id, room.Invite)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ada.PostDispatchAsync(room.Id, "one")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.PostDispatchAsync(room.Id, "one")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await bob.PostDispatchAsync(room.Id, "two")).StatusCode);
        var page = await (await bob.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?after=1")).BodyAsync<PageBody>(HttpStatusCode.OK);
        Assert.Equal([("two", 2L)], page.Items.Select(i => (i.Id, i.Seq)));
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.PostAsync($"/api/rooms/{room.Id}/leave", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.Client.PostAsync($"/api/rooms/{room.Id}/invite/rotate", null)).StatusCode);
        var slid = await (await ada.GetRoomAsync(room.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);
        Assert.Equal((long)TimeSpan.FromDays(30).TotalSeconds, slid.SecondsLeft);

        var keys = await StoreScanner.ScanAsync(_connection!);
        Assert.All(keys, k => Assert.True(k.TimeToLive > TimeSpan.Zero, $"{k.Key} has no TTL"));

        // Destroy now, and expiry with its notice.
        var pair = await ada.CreateRoomAsync("private");
        await cat.JoinOkAsync(pair);
        Assert.Equal(HttpStatusCode.NoContent, (await cat.Client.DeleteAsync($"/api/rooms/{pair.Id}")).StatusCode);
        var quick = await cat.CreateRoomAsync("private", "10m");
        fixture.Time.Advance(TimeSpan.FromMinutes(9));
        await sweeper.SweepOnceAsync();
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        await sweeper.SweepOnceAsync();

        Assert.Equal(60, Assert.Single(fixture.Signaling.For(quick.Id, "RoomExpiring")).Payload.GetProperty("secondsLeft").GetInt64());
        Assert.Equal("expired", Assert.Single(fixture.Signaling.For(quick.Id, "RoomDestroyed")).Payload.GetProperty("reason").GetString());
        Assert.Equal("destroyed", Assert.Single(fixture.Signaling.For(pair.Id, "RoomDestroyed")).Payload.GetProperty("reason").GetString());
        var left = await StoreScanner.ScanAsync(_connection!);
        Assert.DoesNotContain(left, k => k.Key.Contains(quick.Id, StringComparison.Ordinal) || k.Content.Contains(quick.Id, StringComparison.Ordinal));
        Assert.DoesNotContain(left, k => k.Key.Contains(pair.Id, StringComparison.Ordinal) || k.Content.Contains(pair.Id, StringComparison.Ordinal));
    }
}
