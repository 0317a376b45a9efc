namespace EphemChat.Rooms.Enclaves;

/// <summary>The shape of a user id as identity makes them (base64url); anything else never reaches a store key.</summary>
public static class UserIds
{
    /// <summary>Identity's ids are 22 characters; the bound leaves room for a longer format later.</summary>
    public const int MaxLength = 64;

    public static bool IsWellFormed(string? id) => id is { Length: > 0 and <= MaxLength } && RoomSecrets.IsBase64UrlText(id);
}
