using System.Text.Json.Serialization;
using EphemChat.Identity.Accounts;

namespace EphemChat.Identity.Api;

/// <summary>Body of <c>POST /api/identity/sessions</c>; <c>remember</c> left out means a session-only account.</summary>
public sealed record CreateSessionRequest(string? Name, bool Remember);

/// <summary>Body of <c>POST /api/identity/sessions/restore</c>.</summary>
public sealed record RestoreSessionRequest(string? Token);

/// <summary>Body of <c>PATCH /api/identity/me</c>.</summary>
public sealed record RenameRequest(string? Name);

public sealed record UserDto(string Id, string Name);

/// <summary>
/// <c>Session = {user: {id, name}, token?, remember, expiresAt}</c>; the token appears only in the answers of create
/// and restore (the person copies it from there) and is left out of the JSON everywhere else.
/// </summary>
public sealed record SessionResponse(
    UserDto User,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Token,
    bool Remember,
    DateTimeOffset ExpiresAt)
{
    public static SessionResponse From(Account account, string? token) =>
        new(new UserDto(account.Id, account.Name), token, account.Remember, account.ExpiresAt);
}
