using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EphemChat.Bench.Reporting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;

namespace EphemChat.Bench.Infrastructure;

/// <summary>A simulated person: the session identity issued, and its token sent as <c>Authorization: Bearer</c>.</summary>
public sealed record BenchUser(string Id, string Name, string Token);

/// <summary>A room made through the public API: its id and invite.</summary>
public sealed record BenchRoom(string Id, string Invite);

/// <summary>
/// Real HTTP clients of the public API, as a non-browser client uses it: JSON bodies, the session token as a bearer
/// header. One pooled handler serves every simulated person (their requests carry their own token).
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;

    public ApiClient(Uri baseAddress, int maxConnections)
    {
        _http = new HttpClient(new SocketsHttpHandler
        {
            UseCookies = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AllowAutoRedirect = false,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary><c>POST /api/identity/sessions</c>: a session-only account.</summary>
    public async Task<BenchUser> CreateUserAsync(string name, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync("/api/identity/sessions", new { name, remember = false }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "create a session");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        var user = body.RootElement.GetProperty("user");
        return new BenchUser(user.GetProperty("id").GetString()!, user.GetProperty("name").GetString()!,
            body.RootElement.GetProperty("token").GetString()!);
    }

    /// <summary><c>POST /api/rooms</c> then, for the second person, <c>POST /api/rooms/{id}/join</c> with the invite.</summary>
    public async Task<BenchRoom> CreateRoomAsync(BenchUser creator, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, "/api/rooms", creator, new { kind = "enclave" }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.Created, "create a room");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        return new BenchRoom(body.RootElement.GetProperty("id").GetString()!, body.RootElement.GetProperty("invite").GetString()!);
    }

    public async Task JoinRoomAsync(BenchUser user, BenchRoom room, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/rooms/{room.Id}/join", user, new { invite = room.Invite }, cancellationToken);
        await EnsureAsync(response, HttpStatusCode.OK, "join a room");
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, BenchUser user, object? body = null, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static async Task EnsureAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            var text = await response.Content.ReadAsStringAsync();
            throw new HttpRequestException($"Could not {what}: {(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
        }
    }
}

/// <summary>
/// A hub connection as the web app makes it: WebSockets only without negotiation (any replica can take it), the
/// gateway's origin, the session as a bearer header; made with <c>Microsoft.AspNetCore.SignalR.Client</c>.
/// </summary>
public static class HubClients
{
    public const string HubPath = "/hubs/signaling";

    public static HubConnection Create(Uri gateway, string origin, BenchUser user) =>
        Connect(new Uri(gateway, HubPath), options =>
        {
            options.Headers["Origin"] = origin;
            options.Headers["Authorization"] = "Bearer " + user.Token;
        });

    /// <summary>A hub connection the way the web app makes it: WebSockets only, no negotiation (any replica takes it).</summary>
    public static HubConnection Connect(Uri hub, Action<HttpConnectionOptions>? configure = null) =>
        new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                configure?.Invoke(options);
            })
            .Build();
}

/// <summary>Runs many setup steps (accounts, rooms, connections) at a bounded concurrency, with progress and errors.</summary>
public static class Setup
{
    private const int SetupAttempts = 3;

    public static async Task<(T?[] Results, int Errors, string? FirstError, TimeSpan Elapsed)> RunAsync<T>(
        string what, int count, int concurrency, Func<int, CancellationToken, Task<T>> step, TimeSpan timeout)
    {
        var results = new T?[count];
        var done = 0;
        var errors = 0;
        string? firstError = null;
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        using var progress = Report.Every(TimeSpan.FromSeconds(1), () => $"{what}: {Volatile.Read(ref done)}/{count}, {Volatile.Read(ref errors)} errors");
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions
            {
                MaxDegreeOfParallelism = concurrency,
                CancellationToken = deadline.Token,
            }, async (i, token) =>
            {
                // A setup step is retried (a service may briefly answer 503 while it warms up); only the measured
                // phases count every failure.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        results[i] = await step(i, token);
                        break;
                    }
                    catch (Exception) when (!deadline.IsCancellationRequested && attempt < SetupAttempts)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !deadline.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                        break;
                    }
                }
                Interlocked.Increment(ref done);
            });
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            errors += count - done;
            firstError ??= $"{what} did not finish within {timeout.TotalSeconds} s";
        }
        Report.Progress($"{what}: {done}/{count} in {clock.Elapsed.TotalSeconds:0.0} s, {errors} errors{(firstError is null ? "" : $" (first: {firstError})")}");
        return (results, errors, firstError, clock.Elapsed);
    }
}
