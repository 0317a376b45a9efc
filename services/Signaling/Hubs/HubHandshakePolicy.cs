using EphemChat.ServiceDefaults;
using EphemChat.Signaling.Telemetry;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EphemChat.Signaling.Hubs;

/// <summary>
/// Guards every request to the hub (negotiate and the WebSocket handshake) before authentication: the page's
/// <c>Origin</c> must be on <see cref="SignalingOptions.AllowedOrigins"/>, since a browser sends the session cookie
/// along with a WebSocket opened by any site (cross-site WebSocket hijacking); and a session token in the URL
/// (<c>access_token</c>, SignalR's fallback for WebSockets) is refused, because URLs end up in logs and traces.
/// A replica that is shutting down refuses new connections, so that reconnecting clients go to another one instead
/// of connecting to a server that is about to close them again.
/// </summary>
public sealed class HubHandshakePolicy(RequestDelegate next, IOptionsMonitor<SignalingOptions> options, SignalingMetrics metrics,
    IHostApplicationLifetime lifetime, ILogger<HubHandshakePolicy> logger)
{
    public const string AccessTokenParameter = "access_token";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Query.ContainsKey(AccessTokenParameter))
        {
            metrics.Rejected(RejectionReasons.TokenInUrl);
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "token-in-url",
                "Send the session as a cookie or an Authorization header, never in the URL.");
            return;
        }

        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            context.Response.Headers.RetryAfter = "1";
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "signaling-restarting",
                "This server is restarting. Reconnecting to another one.");
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!IsAllowed(origin, options.CurrentValue))
        {
            metrics.Rejected(RejectionReasons.Origin);
            logger.LogWarning("Hub handshake refused for origin {Origin}", origin.Length == 0 ? "(none)" : origin);
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "origin-not-allowed",
                "This page may not connect to EphemChat's realtime channel.");
            return;
        }
        await next(context);
    }

    public static bool IsAllowed(string origin, SignalingOptions options) =>
        origin.Length == 0
            ? options.AllowRequestsWithoutOrigin
            : options.AllowedOrigins.Any(allowed => string.Equals(allowed.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext context, int status, string slug, string title)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Type = ProblemDetailsDefaults.Type(slug) },
        }).AsTask();
    }
}

public static class HubHandshakePolicyExtensions
{
    /// <summary>Runs <see cref="HubHandshakePolicy"/> on every request under <paramref name="hubPath"/>.</summary>
    public static IApplicationBuilder UseHubHandshakePolicy(this IApplicationBuilder app, PathString hubPath) =>
        app.UseWhen(context => context.Request.Path.StartsWithSegments(hubPath), branch => branch.UseMiddleware<HubHandshakePolicy>());
}
