using EphemChat.Identity.Accounts;

namespace EphemChat.Identity.Api;

/// <summary>The session cookie: HttpOnly, SameSite=Strict, Secure on HTTPS, persistent only for saved accounts.</summary>
internal static class SessionCookie
{
    public static void Append(HttpContext context, string token, Account account) =>
        context.Response.Cookies.Append(SessionAuthentication.CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            // A session-only account gets a browser-session cookie: closing the browser forgets it.
            Expires = account.Remember ? account.ExpiresAt : null,
            IsEssential = true,
        });

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(SessionAuthentication.CookieName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
}
