using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Hosting.Dashboard.Security;

/// <summary>
/// The login of the dashboard, as Aspire's: a random token printed at start in the login URL, exchanged once for an
/// HttpOnly, SameSite=Strict session cookie. Tokens and session ids have 256 random bits; only their SHA-256 is
/// kept, and a token is compared in constant time.
/// </summary>
internal sealed class DashboardLogin
{
    public const string CookieName = "ephemchat_dashboard";

    /// <summary>POST calls must carry this header: a cross-origin page can only send it after a CORS preflight, which is refused.</summary>
    public const string RequestHeader = "X-Dashboard-Request";

    private const int SecretBytes = 32;

    private readonly ConcurrentDictionary<string, byte> _unusedTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _sessions = new(StringComparer.Ordinal);

    /// <summary>A new one-time login token (the AppHost prints the first one).</summary>
    public string CreateToken()
    {
        var token = NewSecret();
        _unusedTokens[Hash(token)] = 0;
        return token;
    }

    /// <summary>Exchanges an unused token for a new session id; null when the token is unknown or was used.</summary>
    public string? Redeem(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 128)
        {
            return null;
        }
        var hash = Hash(token);
        // Constant time over the stored hashes, then remove: only one of two concurrent uses wins.
        var match = _unusedTokens.Keys.FirstOrDefault(stored =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(hash)));
        if (match is null || !_unusedTokens.TryRemove(match, out _))
        {
            return null;
        }
        var session = NewSecret();
        _sessions[Hash(session)] = 0;
        return session;
    }

    /// <summary>True while <paramref name="token"/> has not been used.</summary>
    public bool IsUnused(string token) => _unusedTokens.ContainsKey(Hash(token));

    /// <summary>True when the cookie holds a session this dashboard issued.</summary>
    public bool IsValidSession(string? session) =>
        !string.IsNullOrEmpty(session) && session.Length <= 128 && _sessions.ContainsKey(Hash(session));

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));

    private static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
