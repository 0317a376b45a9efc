using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Hosting;

namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>A signed-in user as a test sees it: the token from identity and the user it stands for.</summary>
public sealed record TestSession(string UserId, string Name, string Token);

/// <summary>The answer to EnterRoom, read strictly in the camelCase shape of docs/API.md.</summary>
public sealed record EnterRoomBody(string RoomId, string PeerId, PeerBody[] Peers);

public sealed record PeerBody(string PeerId, string UserId, string Name);

/// <summary>
/// A browser tab's hub connection, made with the .NET SignalR client over WebSockets, the session cookie (or a
/// bearer header) and an Origin header. Records every server event so that a test can wait for one; with
/// reconnection on, it enters its rooms again after reconnecting, as the web app does.
/// </summary>
public sealed class TestHubClient : IAsyncDisposable
{
    public static readonly string[] EventNames =
    [
        "PeerJoined", "PeerLeft", "Signal", "Typing", "MatchFound", "NoMatch", "RoomExpiring", "RoomDestroyed",
        "DispatchPosted", "MemberJoined", "MemberLeft",
    ];

    public static readonly JsonSerializerOptions StrictCamelCase = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        RespectRequiredConstructorParameters = true,
    };

    private readonly Lock _gate = new();
    private readonly List<(string Name, JsonElement Body)> _events = [];
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly ConcurrentDictionary<string, string> _peerIdByRoom = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(string? ConnectionId, IReadOnlyList<EnterRoomBody> Entries)> _reentries = [];
    private readonly SemaphoreSlim _reentered = new(0);

    private TestHubClient(HubConnection connection, TestSession session)
    {
        Connection = connection;
        Session = session;
        foreach (var name in EventNames)
        {
            connection.On<JsonElement>(name, body =>
            {
                lock (_gate)
                {
                    _events.Add((name, body));
                }
                _arrived.Release();
            });
        }
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        connection.Reconnecting += error =>
        {
            History.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} reconnecting: {error?.Message}");
            return Task.CompletedTask;
        };
        connection.Reconnected += async id =>
        {
            History.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} reconnected as {id}");
            var entries = new List<EnterRoomBody>();
            foreach (var roomId in _peerIdByRoom.Keys)
            {
                entries.Add(await EnterRoomAsync(roomId));
            }
            lock (_gate)
            {
                _reentries.Add((id, entries));
            }
            _reentered.Release();
        };
    }

    public HubConnection Connection { get; }

    /// <summary>What happened to the connection (reconnections), for failure messages.</summary>
    public ConcurrentQueue<string> History { get; } = new();

    public TestSession Session { get; }

    /// <summary>Completes when the connection is closed for good, with the error it closed with.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>
    /// Waits for a reconnection that matches (by its new connection id) after which every room was entered again.
    /// A client may reconnect more than once: for example to a replica that is itself shutting down.
    /// </summary>
    public async Task<IReadOnlyList<EnterRoomBody>> ReenteredAsync(Func<string?, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var seen = 0;
        while (true)
        {
            (string? ConnectionId, IReadOnlyList<EnterRoomBody> Entries)[] latest;
            lock (_gate)
            {
                latest = [.. _reentries.Skip(seen)];
            }
            foreach (var reentry in latest)
            {
                seen++;
                if (reentry.ConnectionId == Connection.ConnectionId && match(reentry.ConnectionId))
                {
                    return reentry.Entries;
                }
            }
            try
            {
                await _reentered.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{Session.Name} did not reconnect as expected: {string.Join("; ", History)}");
            }
        }
    }

    /// <summary>This connection's peer id in a room it entered.</summary>
    public string PeerIdIn(string roomId) => _peerIdByRoom[roomId];

    public static async Task<TestHubClient> ConnectAsync(
        string baseUrl, TestSession session, string? origin, bool bearer = false, IRetryPolicy? reconnect = null, CookieContainer? cookies = null,
        Action<HubConnection>? configure = null)
    {
        var builder = new HubConnectionBuilder().WithUrl(new Uri(new Uri(baseUrl), "/hubs/signaling"), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            if (origin is not null)
            {
                options.Headers["Origin"] = origin;
            }
            if (cookies is not null)
            {
                options.Cookies = cookies;
            }
            if (bearer)
            {
                options.Headers["Authorization"] = "Bearer " + session.Token;
            }
            else
            {
                options.Cookies.Add(new Uri(baseUrl), new Cookie(SessionAuthentication.CookieName, session.Token));
            }
        });
        if (reconnect is not null)
        {
            builder.WithAutomaticReconnect(reconnect);
        }
        var client = new TestHubClient(builder.Build(), session);
        configure?.Invoke(client.Connection);
        await client.Connection.StartAsync();
        return client;
    }

    public async Task<EnterRoomBody> EnterRoomAsync(string roomId)
    {
        var raw = await Connection.InvokeAsync<JsonElement>("EnterRoom", roomId);
        var body = raw.Deserialize<EnterRoomBody>(StrictCamelCase)!;
        _peerIdByRoom[roomId] = body.PeerId;
        return body;
    }

    public async Task LeaveRoomAsync(string roomId)
    {
        await Connection.InvokeAsync("LeaveRoom", roomId);
        _peerIdByRoom.TryRemove(roomId, out _);
    }

    public Task SignalAsync(string roomId, string toPeer, string kind, object payload, string? id = null) =>
        Connection.InvokeAsync("Signal", roomId, toPeer, kind, payload, id ?? Guid.NewGuid().ToString());

    public Task TypingAsync(string roomId) => Connection.InvokeAsync("Typing", roomId);

    /// <summary>Waits for the first event of this name (not taken by an earlier wait) that matches.</summary>
    public async Task<JsonElement> NextAsync(string eventName, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestTimeouts.Event);
        while (true)
        {
            lock (_gate)
            {
                var index = _events.FindIndex(e => e.Name == eventName && (match?.Invoke(e.Body) ?? true));
                if (index >= 0)
                {
                    var found = _events[index].Body;
                    _events.RemoveAt(index);
                    return found;
                }
            }
            try
            {
                await _arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {eventName} arrived at {Session.Name}'s connection.");
            }
        }
    }

    /// <summary>The events of this name received so far and not taken by a wait.</summary>
    public IReadOnlyList<JsonElement> Pending(string eventName)
    {
        lock (_gate)
        {
            return [.. _events.Where(e => e.Name == eventName).Select(e => e.Body)];
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}

/// <summary>Reading event bodies.</summary>
public static class JsonBodies
{
    public static string Str(this JsonElement body, string property) => body.GetProperty(property).GetString()!;
}
