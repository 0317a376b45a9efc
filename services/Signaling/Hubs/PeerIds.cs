using System.Buffers.Text;
using System.Security.Cryptography;

namespace EphemChat.Signaling.Hubs;

/// <summary>Peer ids and the shape of the ids clients send.</summary>
public static class PeerIds
{
    /// <summary>Random bits in a peer id: not guessable, so a peer id is no handle for anyone outside the room.</summary>
    public const int RandomBytes = 16;

    /// <summary>A new peer id: 128 random bits, base64url (22 characters).</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>A room or peer id: 1 to <paramref name="maxLength"/> URL-safe characters (letters, digits, '-', '_').</summary>
    public static bool IsValidId(string? id, int maxLength) =>
        !string.IsNullOrEmpty(id) && id.Length <= maxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
