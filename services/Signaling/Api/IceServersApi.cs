using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Signaling.Api;

/// <summary>ICE servers for browsers, under <c>/api/signaling</c>.</summary>
public static class IceServersApi
{
    public static RouteGroupBuilder MapIceServersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/signaling").WithTags("Signaling").RequireAuthorization();
        api.MapGet("/ice-servers", GetIceServers);
        return api;
    }

    // First version: no STUN or TURN configured, which is right on loopback; TURN comes in its own issue.
    public static Ok<IceServersDto> GetIceServers() => TypedResults.Ok(new IceServersDto([]));
}

public sealed record IceServerDto(string[] Urls, string? Username, string? Credential);

public sealed record IceServersDto(IceServerDto[] IceServers);
