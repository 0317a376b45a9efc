using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Rooms.Api;

/// <summary>Public routes of enclaves, under <c>/api/rooms</c>.</summary>
public static class RoomsApi
{
    public static RouteGroupBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rooms").WithTags("Rooms").RequireAuthorization();
        api.MapGet("/", ListMyRooms);
        return api;
    }

    // First version: the caller is authenticated through identity over gRPC; rooms come in their own issue.
    public static Ok<RoomDto[]> ListMyRooms() => TypedResults.Ok(Array.Empty<RoomDto>());
}

public sealed record RoomDto(string Id, string Kind);
