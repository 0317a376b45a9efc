using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Identity.Accounts;

/// <summary>Session tokens: 256 bits from a CSPRNG, base64url; only their SHA-256 is ever stored.</summary>
public static class SessionToken
{
    /// <summary>Bytes of randomness in a token.</summary>
    public const int SizeInBytes = 32;

    /// <summary>The length of a token in base64url (no padding).</summary>
    public const int EncodedLength = 43;

    /// <summary>A new token.</summary>
    public static string Create() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(SizeInBytes));

    /// <summary>True when the text has the shape of a token (43 base64url characters).</summary>
    public static bool IsWellFormed([NotNullWhen(true)] string? token) =>
        token is { Length: EncodedLength } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>The stored form: lowercase hex SHA-256.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashesEqual(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
