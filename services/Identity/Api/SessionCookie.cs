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
            // After forwarded headers: the gateway (or an ingress) terminating TLS says X-Forwarded-Proto: https.
            Secure = context.Request.IsHttps,
            Path = "/",
            // A session-only account gets a browser-session cookie: closing the browser forgets it.
            Expires = account.Remember ? account.ExpiresAt : null,
            IsEssential = true,
        });

    /// <summary>
    /// Re-issues a saved account's persistent cookie with its slid expiry, when the request came with the cookie;
    /// otherwise a person active every day would lose the cookie 30 days after creating the account.
    /// </summary>
    public static void Refresh(HttpContext context, Account account)
    {
        if (account.Remember && context.Request.Cookies.TryGetValue(SessionAuthentication.CookieName, out var token)
            && SessionToken.IsWellFormed(token))
        {
            Append(context, token, account);
        }
    }

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(SessionAuthentication.CookieName, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
        });
}
