using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Gateway.Api;

/// <summary>
/// <c>GET /api/status</c>: the health of each service as the gateway sees it, for the web app's status line.
/// Results are reused for two seconds so the endpoint cannot be used to amplify load.
/// </summary>
internal static class StatusApi
{
    public const string HttpClientName = "status";
    private static readonly string[] s_services = ["identity", "matchmaking", "rooms", "signaling", "frontend"];
    private static readonly TimeSpan s_reuse = TimeSpan.FromSeconds(2);
    private static (DateTimeOffset At, SystemStatus Status)? s_last;

    public static IEndpointRouteBuilder MapStatusApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/status", GetStatus);
        return app;
    }

    private static async Task<Ok<SystemStatus>> GetStatus(IHttpClientFactory clients, TimeProvider time, CancellationToken cancellationToken)
    {
        if (s_last is { } last && time.GetUtcNow() - last.At < s_reuse)
        {
            return TypedResults.Ok(last.Status);
        }
        var client = clients.CreateClient(HttpClientName);
        var checks = await Task.WhenAll(s_services.Select(async name =>
        {
            try
            {
                using var response = await client.GetAsync($"http://{name}/health", cancellationToken);
                return new ServiceStatus(name, response.IsSuccessStatusCode ? "healthy" : "unhealthy");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return new ServiceStatus(name, "unreachable");
            }
        }));
        var status = new SystemStatus(checks.All(c => c.Status == "healthy") ? "healthy" : "degraded", checks);
        s_last = (time.GetUtcNow(), status);
        return TypedResults.Ok(status);
    }
}

internal sealed record ServiceStatus(string Name, string Status);

internal sealed record SystemStatus(string Status, ServiceStatus[] Services);
