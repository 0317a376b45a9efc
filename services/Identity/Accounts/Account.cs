namespace EphemChat.Identity.Accounts;

/// <summary>An anonymous account: a display name and how long it is kept.</summary>
public sealed record Account(string Id, string Name, bool Remember, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset TouchedAt);
