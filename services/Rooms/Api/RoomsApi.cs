using System.Security.Claims;
using EphemChat.Rooms.Enclaves;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EphemChat.Rooms.Api;

/// <summary>Public routes of rooms, under <c>/api/rooms</c>. Every room-scoped route answers 404 to non-members.</summary>
public static class RoomsApi
{
    /// <summary>A public type of this assembly for <c>WebApplicationFactory</c> (every service's Program is global).</summary>
    public sealed class Marker;

    public static RouteGroupBuilder MapRoomsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/rooms").WithTags("Rooms").RequireAuthorization();
        api.MapPost("/", CreateRoom);
        api.MapGet("/", ListMyRooms);
        api.MapGet("/{id}", GetRoom);
        api.MapPost("/{id}/join", JoinRoom);
        api.MapPost("/{id}/leave", LeaveRoom);
        api.MapPost("/{id}/invite/rotate", RotateInvite);
        api.MapDelete("/{id}", DestroyRoom);
        return api;
    }

    public static async Task<Results<Created<RoomDto>, ValidationProblem, ProblemHttpResult>> CreateRoom(
        CreateRoomRequest request, ClaimsPrincipal user, RoomOperations rooms, IOptions<RoomsOptions> options, TimeProvider time)
    {
        var errors = RoomRequestRules.Validate(request.Kind, request.Lifetime, request.Capacity, options.Value);
        if (errors.Count > 0)
        {
            return RoomProblems.Invalid(errors, "invalid-room", errors.Values.First()[0]);
        }
        var userId = user.GetUserId();
        var (room, error) = await rooms.CreateAsync(request.Kind!, request.Lifetime, request.Capacity, RoomOrigins.Created, userId,
            [new NewMember(userId, user.GetUserName())], limitRoomsPerUser: true);
        return room is null
            ? RoomProblems.For(error)
            : TypedResults.Created($"/api/rooms/{room.Id}", RoomDto.From(room, time.GetUtcNow()));
    }

    public static async Task<Ok<RoomDto[]>> ListMyRooms(ClaimsPrincipal user, RoomStore store, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var rooms = await store.ListForUserAsync(user.GetUserId());
        return TypedResults.Ok(rooms.Select(r => RoomDto.From(r, now)).ToArray());
    }

    public static async Task<Results<Ok<RoomDto>, ProblemHttpResult>> GetRoom(string id, ClaimsPrincipal user, RoomStore store, TimeProvider time)
    {
        var room = await store.FindForMemberAsync(id, user.GetUserId());
        return room is null ? RoomProblems.NotFound() : TypedResults.Ok(RoomDto.From(room, time.GetUtcNow()));
    }

    public static async Task<Results<Ok<RoomDto>, ValidationProblem, ProblemHttpResult>> JoinRoom(
        string id, JoinRoomRequest request, ClaimsPrincipal user, RoomOperations rooms, TimeProvider time)
    {
        if (!RoomSecrets.IsRoomId(id))
        {
            return RoomProblems.NotFound();
        }
        if (string.IsNullOrEmpty(request.Invite))
        {
            return RoomProblems.Invalid(new() { ["invite"] = ["The invite from the link is required."] }, "invite-required",
                "The invite from the link is required.");
        }
        var (room, error) = await rooms.JoinAsync(id, user.GetUserId(), user.GetUserName(), request.Invite);
        return room is null ? RoomProblems.For(error) : TypedResults.Ok(RoomDto.From(room, time.GetUtcNow()));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> LeaveRoom(string id, ClaimsPrincipal user, RoomOperations rooms)
    {
        var result = await rooms.LeaveAsync(id, user.GetUserId());
        return result.Error == RoomError.None ? TypedResults.NoContent() : RoomProblems.For(result.Error);
    }

    public static async Task<Results<Ok<InviteDto>, ProblemHttpResult>> RotateInvite(string id, ClaimsPrincipal user, RoomStore store)
    {
        var (invite, error) = await store.RotateInviteAsync(id, user.GetUserId());
        return error switch
        {
            RoomError.None => TypedResults.Ok(new InviteDto(invite!)),
            RoomError.Forbidden => RoomProblems.NotCreator(),
            _ => RoomProblems.For(error),
        };
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DestroyRoom(string id, ClaimsPrincipal user, RoomOperations rooms)
    {
        var error = await rooms.DestroyAsync(id, user.GetUserId());
        return error switch
        {
            RoomError.None => TypedResults.NoContent(),
            RoomError.Forbidden => RoomProblems.DestroyForbidden(),
            _ => RoomProblems.For(error),
        };
    }
}
