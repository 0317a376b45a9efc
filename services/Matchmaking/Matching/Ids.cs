namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The shape of user and room ids (base64url, as identity and rooms make them). Ids are written into store keys and
/// into pair entries joined by <c>|</c>, so anything else is refused before it reaches the store.
/// </summary>
public static class Ids
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>True for 1–64 characters of <c>A–Z a–z 0–9 - _</c>.</summary>
    public static bool IsWellFormed(string? id) =>
        id is { Length: > 0 and <= MaxLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
