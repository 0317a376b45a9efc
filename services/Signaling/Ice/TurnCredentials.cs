using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EphemChat.Signaling.Ice;

/// <summary>A time-limited TURN credential.</summary>
public readonly record struct TurnCredential(string Username, string Password, DateTimeOffset ExpiresAt);

/// <summary>
/// The TURN REST API scheme coturn checks with <c>--use-auth-secret</c>: username <c>"{expiryUnixSeconds}:{userId}"</c>,
/// password <c>Base64(HMAC-SHA1(secret, username))</c>. No state: the TURN server recomputes the password itself.
/// </summary>
public static class TurnCredentials
{
    public static TurnCredential Create(string secret, string userId, DateTimeOffset expiresAt)
    {
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + ":" + userId;
        var password = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
        return new TurnCredential(username, password, DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }
}
