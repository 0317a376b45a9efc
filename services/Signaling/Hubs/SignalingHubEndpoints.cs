using Microsoft.AspNetCore.Http.Connections;

namespace EphemChat.Signaling.Hubs;

/// <summary>Maps <see cref="SignalingHub"/>.</summary>
public static class SignalingHubEndpoints
{
    public const string Path = "/hubs/signaling";

    /// <summary>
    /// The hub at <see cref="Path"/>, for signed-in users, over WebSockets only: a browser sends <c>Origin</c> on the
    /// WebSocket handshake but not on the same-origin GETs of long polling, so only WebSockets can be checked.
    /// </summary>
    public static HubEndpointConventionBuilder MapSignalingHub(this IEndpointRouteBuilder app) =>
        app.MapHub<SignalingHub>(Path, options => options.Transports = HttpTransportType.WebSockets).RequireAuthorization();
}
