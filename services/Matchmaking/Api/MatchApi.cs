using System.Security.Claims;
using EphemChat.Matchmaking.Matching;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace EphemChat.Matchmaking.Api;

/// <summary>Public routes of the search, under <c>/api/match</c>.</summary>
public static class MatchApi
{
    private const string SearchLocation = "/api/match/search";

    public static RouteGroupBuilder MapMatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/match").WithTags("Matchmaking").RequireAuthorization();
        api.MapGet("/search", GetSearch);
        api.MapPost("/search", StartSearch);
        api.MapDelete("/search", CancelSearch);
        api.MapPost("/skip", Skip);
        api.MapPost("/block", Block);
        return api;
    }

    public static async Task<Ok<SearchStateDto>> GetSearch(ClaimsPrincipal user, PairingEngine engine) =>
        TypedResults.Ok(SearchStateDto.From(await engine.GetAsync(user.GetUserId())));

    public static async Task<Results<Accepted<SearchStateDto>, ValidationProblem, ProblemHttpResult>> StartSearch(
        [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] SearchRequest? request, ClaimsPrincipal user, PairingEngine engine)
    {
        var (interests, error) = Interests.Normalize(request?.Interests);
        if (interests is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["interests"] = [error!] },
                title: error, type: ProblemDetailsDefaults.Type("invalid-interests"));
        }

        var status = await engine.SearchAsync(user.GetUserId(), user.GetUserName(), interests);
        return status is null
            ? TypedResults.Problem(title: "You are already searching.", statusCode: StatusCodes.Status409Conflict,
                type: ProblemDetailsDefaults.Type("already-searching"))
            : TypedResults.Accepted(SearchLocation, SearchStateDto.From(status));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> CancelSearch(ClaimsPrincipal user, PairingEngine engine) =>
        await engine.EndSearchAsync(user.GetUserId(), SearchEnd.Cancelled)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "You are not searching.", statusCode: StatusCodes.Status409Conflict,
                type: ProblemDetailsDefaults.Type("not-searching"));

    public static async Task<Results<Accepted<SearchStateDto>, ValidationProblem, ProblemHttpResult>> Skip(
        RoomRequest request, ClaimsPrincipal user, RoomExits exits)
    {
        if (InvalidRoomId(request) is { } invalid)
        {
            return invalid;
        }
        var (outcome, status) = await exits.SkipAsync(user.GetUserId(), user.GetUserName(), request.RoomId!);
        return outcome == ExitOutcome.Done ? TypedResults.Accepted(SearchLocation, SearchStateDto.From(status!)) : Problem(outcome);
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Block(
        RoomRequest request, ClaimsPrincipal user, RoomExits exits)
    {
        if (InvalidRoomId(request) is { } invalid)
        {
            return invalid;
        }
        var outcome = await exits.BlockAsync(user.GetUserId(), request.RoomId!);
        return outcome == ExitOutcome.Done ? TypedResults.NoContent() : Problem(outcome);
    }

    private static ValidationProblem? InvalidRoomId(RoomRequest request)
    {
        if (Ids.IsWellFormed(request.RoomId))
        {
            return null;
        }
        var error = string.IsNullOrEmpty(request.RoomId)
            ? "A room id is required."
            : $"A room id is 1–{Ids.MaxLength} characters of A–Z, a–z, 0–9, '-' and '_'.";
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["roomId"] = [error] },
            title: error, type: ProblemDetailsDefaults.Type("invalid-room-id"));
    }

    private static ProblemHttpResult Problem(ExitOutcome outcome) => outcome switch
    {
        ExitOutcome.NotMember => TypedResults.Problem(title: "You are not in this enclave.",
            statusCode: StatusCodes.Status404NotFound, type: ProblemDetailsDefaults.Type("room-not-found")),
        ExitOutcome.NotAPair => TypedResults.Problem(title: "Blocking works in a two-person enclave only.",
            statusCode: StatusCodes.Status409Conflict, type: ProblemDetailsDefaults.Type("not-a-pair")),
        _ => TypedResults.Problem(title: "Enclaves are briefly unavailable. Try again in a moment.",
            statusCode: StatusCodes.Status503ServiceUnavailable, type: ProblemDetailsDefaults.Type("rooms-unavailable")),
    };
}
