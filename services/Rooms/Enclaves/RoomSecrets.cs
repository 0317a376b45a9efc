using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Rooms.Enclaves;

/// <summary>Room ids and invite secrets: CSPRNG bytes in base64url, so they travel in URLs unchanged.</summary>
public static class RoomSecrets
{
    /// <summary>128 bits: unguessable, and short enough for a link.</summary>
    public const int RoomIdBytes = 16;

    /// <summary>The length of a room id in base64url without padding.</summary>
    public const int RoomIdLength = 22;

    /// <summary>256 bits for the invite: it is the only thing that lets a stranger in.</summary>
    public const int InviteBytes = 32;

    /// <summary>The length of an invite in base64url without padding.</summary>
    public const int InviteLength = 43;

    public static string NewRoomId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(RoomIdBytes));

    public static string NewInvite() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(InviteBytes));

    /// <summary>True when the text has the shape of a room id; anything else is answered as an unknown room.</summary>
    public static bool IsRoomId(string? id) => id is { Length: RoomIdLength } && IsBase64UrlText(id);

    /// <summary>
    /// The stored form used for comparisons. The store compares hashes, never the secrets themselves, so the time a
    /// comparison takes tells nothing about the invite (the same reason identity stores token hashes).
    /// </summary>
    public static string InviteHash(string invite) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(invite)));

    internal static bool IsBase64UrlText(string text) => text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
