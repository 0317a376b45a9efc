using Microsoft.AspNetCore.SignalR;

namespace EphemChat.Signaling.Hubs;

/// <summary>
/// <c>Clients.User(id)</c> addresses every connection of an EphemChat user (the session's user id) on any replica:
/// how <c>Notify</c> reaches all tabs of a person.
/// </summary>
public sealed class SessionUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) =>
        connection.User.Identity?.IsAuthenticated == true ? connection.User.GetUserId() : null;
}
