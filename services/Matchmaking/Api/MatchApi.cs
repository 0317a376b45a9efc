using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Matchmaking.Api;

/// <summary>Public routes of the search, under <c>/api/match</c>.</summary>
public static class MatchApi
{
    public static RouteGroupBuilder MapMatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/match").WithTags("Matchmaking").RequireAuthorization();
        api.MapGet("/search", GetSearch);
        return api;
    }

    // First version: nobody is searching yet; the queue comes in its own issue.
    public static Ok<SearchStateDto> GetSearch() => TypedResults.Ok(new SearchStateDto("idle"));
}

public sealed record SearchStateDto(string State);
