using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Gateway.Api;

/// <summary>
/// An <c>/api</c> path that no service owns is a 404 problem, not the web app's index.html: API clients get an
/// error they can read. Service routes (<c>/api/rooms/...</c>) are more specific and win.
/// </summary>
internal static class UnknownApiRoutes
{
    public static IEndpointRouteBuilder MapUnknownApiRoutes(this IEndpointRouteBuilder app)
    {
        app.Map("/api/{**rest}", () => TypedResults.Problem(
            title: "There is no such API route.",
            statusCode: StatusCodes.Status404NotFound,
            type: ProblemDetailsDefaults.Type("unknown-route")));
        return app;
    }
}
