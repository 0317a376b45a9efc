namespace EphemChat.Identity.Accounts;

/// <summary>An anonymous account: a display name and how long it is kept.</summary>
public sealed record Account(string Id, string Name, bool Remember, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset TouchedAt)
{
    /// <summary>The SHA-256 (hex) of the account's token, as stored; never the token itself.</summary>
    internal string TokenHash { get; init; } = "";
}
