using System.Text.Json.Serialization;
using EphemChat.Signaling.Ice;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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

    /// <summary>STUN as configured, plus TURN with a credential for this user when a TURN server is configured.</summary>
    public static Ok<IceServersDto> GetIceServers(HttpContext context, IOptions<TurnOptions> options, TimeProvider time)
    {
        var turn = options.Value;
        // Without TURN nothing expires, but the browser still needs a moment to ask again (configuration may change).
        var expiresAt = time.GetUtcNow() + turn.CredentialLifetime;
        var servers = new List<IceServerDto>();
        if (turn.StunUrls.Length > 0)
        {
            servers.Add(new IceServerDto(turn.StunUrls, null, null));
        }
        if (turn.TurnEnabled)
        {
            var credential = TurnCredentials.Create(turn.Secret!, context.User.GetUserId(), expiresAt);
            servers.Add(new IceServerDto(turn.Urls, credential.Username, credential.Password));
            expiresAt = credential.ExpiresAt;
        }
        // The credential is a secret for its lifetime: never let a shared cache keep it.
        context.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new IceServersDto([.. servers], expiresAt));
    }
}

public sealed record IceServerDto(
    string[] Urls,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Credential);

public sealed record IceServersDto(IceServerDto[] IceServers, DateTimeOffset ExpiresAt);
