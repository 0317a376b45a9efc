using EphemChat.Rooms.Enclaves;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Rooms.Api;

/// <summary>The problems of room routes: a stable <c>type</c> per case and a title the UI can show as is.</summary>
internal static class RoomProblems
{
    /// <summary>Unknown, ended and "not yours" look the same, so that a room's existence is never revealed.</summary>
    public static ProblemHttpResult NotFound() =>
        Problem(404, "room-not-found", "This room does not exist or has ended.");

    public static ProblemHttpResult For(RoomError error) => error switch
    {
        RoomError.NotFound => NotFound(),
        RoomError.WrongInvite => Problem(403, "invite-invalid", "This invite link is not valid. Ask for a new one."),
        RoomError.Full => Problem(409, "room-full", "This room is full."),
        RoomError.TooManyRooms => Problem(409, "too-many-rooms", "You are in too many rooms. Leave one first."),
        RoomError.Forbidden => Problem(403, "forbidden", "You may not do this in this room."),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "Not an error."),
    };

    public static ProblemHttpResult DestroyForbidden() =>
        Problem(403, "destroy-not-allowed", "Only the creator can destroy a group room. You can leave it.");

    public static ProblemHttpResult NotCreator() =>
        Problem(403, "not-room-creator", "Only the creator of this room can replace its invite link.");

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors, string slug, string title) =>
        TypedResults.ValidationProblem(errors, title: title, type: ProblemDetailsDefaults.Type(slug));

    private static ProblemHttpResult Problem(int status, string slug, string title) =>
        TypedResults.Problem(title: title, statusCode: status, type: ProblemDetailsDefaults.Type(slug));
}
