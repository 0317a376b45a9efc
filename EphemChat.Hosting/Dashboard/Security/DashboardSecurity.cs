using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Hosting.Dashboard.Security;

/// <summary>Security headers of every dashboard response and the session check of every dashboard API.</summary>
internal static class DashboardSecurity
{
    /// <summary>No inline script or style, nothing from elsewhere, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IApplicationBuilder UseDashboardSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // The login URL carries the token: it must never leave in a Referer.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return next(context);
    });

    public static bool HasSession(this HttpContext context, DashboardLogin login) =>
        login.IsValidSession(context.Request.Cookies[DashboardLogin.CookieName]);

    /// <summary>401 without a session; 403 for a state-changing call without the dashboard's request header.</summary>
    public static async ValueTask<object?> RequireSession(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var login = http.RequestServices.GetRequiredService<DashboardLogin>();
        if (!http.HasSession(login))
        {
            return DashboardProblems.Problem(StatusCodes.Status401Unauthorized, "dashboard-login-required",
                "Open the dashboard with the login URL the AppHost printed at start.");
        }
        if (!HttpMethods.IsGet(http.Request.Method) && http.Request.Headers[DashboardLogin.RequestHeader] != "1")
        {
            return DashboardProblems.Problem(StatusCodes.Status403Forbidden, "dashboard-request-header-missing",
                $"State-changing dashboard calls must send the {DashboardLogin.RequestHeader}: 1 header.");
        }
        return await next(context);
    }
}
