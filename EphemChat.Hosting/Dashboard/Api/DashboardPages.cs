using System.Collections.Frozen;
using System.Net;
using EphemChat.Hosting.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// The page and its two assets (embedded in the Hosting assembly: nothing to install, no CDN), and <c>/login</c>,
/// which trades the one-time token for the session cookie and drops the token from the address bar.
/// </summary>
internal static class DashboardPages
{
    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> s_assets = new Dictionary<string, (byte[], string)>
    {
        ["index.html"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["dashboard.js"] = (Load("dashboard.js"), "text/javascript; charset=utf-8"),
        ["dashboard.css"] = (Load("dashboard.css"), "text/css; charset=utf-8"),
        ["favicon.svg"] = (Load("favicon.svg"), "image/svg+xml"),
    }.ToFrozenDictionary();

    public static void MapDashboardPages(this RouteGroupBuilder ui)
    {
        ui.MapGet("/", (HttpContext context, DashboardLogin login) =>
            context.HasSession(login) ? Asset("index.html") : LoginRequired("Open the dashboard with the login URL the AppHost printed at start."));
        ui.MapGet("/login", (string? t, HttpContext context, DashboardLogin login) =>
        {
            if (login.Redeem(t) is not { } session)
            {
                return LoginRequired("This login link is not valid or was already used. Each link works once: restart the AppHost for a new one.");
            }
            context.Response.Cookies.Append(DashboardLogin.CookieName, session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect("/");
        });
        foreach (var asset in s_assets.Keys.Where(a => a != "index.html"))
        {
            ui.MapGet("/" + asset, () => Asset(asset));
        }
    }

    private static IResult Asset(string name) => Results.Bytes(s_assets[name].Content, s_assets[name].ContentType);

    private static IResult LoginRequired(string message) => Results.Content(
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>EphemChat dashboard: log in</title>
        <link rel="stylesheet" href="/dashboard.css"><link rel="icon" href="/favicon.svg"></head>
        <body class="login"><main><h1>EphemChat dashboard</h1><p>{WebUtility.HtmlEncode(message)}</p>
        <p class="muted">The URL looks like <code>http://localhost:18888/login?t=…</code> and is printed when
        <code>dotnet run --project EphemChat.AppHost</code> starts.</p></main></body></html>
        """, "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardPages).Assembly.GetManifestResourceStream("dashboard/" + name)
            ?? throw new InvalidOperationException($"The dashboard asset '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
