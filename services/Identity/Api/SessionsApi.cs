using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Identity.Api;

/// <summary>Public routes of accounts and sessions, under <c>/api/identity</c>.</summary>
public static class SessionsApi
{
    /// <summary>A public type of this assembly for <c>WebApplicationFactory</c> (every service's Program is global).</summary>
    public sealed class Marker;

    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity").WithTags("Identity");
        api.MapPost("/sessions", CreateSession);
        api.MapPost("/sessions/restore", RestoreSession);
        api.MapGet("/me", GetMe).RequireAuthorization();
        return api;
    }

    public static async Task<Results<Created<SessionResponse>, ValidationProblem>> CreateSession(
        CreateSessionRequest request, AccountStore accounts, HttpContext context)
    {
        var (name, error) = DisplayName.Normalize(request.Name);
        if (name is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error!] },
                title: error, type: ProblemDetailsDefaults.Type("invalid-name"));
        }
        var (account, token) = await accounts.CreateAsync(name, request.Remember);
        SessionCookie.Append(context, token, account);
        return TypedResults.Created("/api/identity/me", SessionResponse.From(account, token));
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> RestoreSession(
        RestoreSessionRequest request, AccountStore accounts, HttpContext context)
    {
        var (account, failure) = await accounts.AuthenticateAsync(request.Token ?? "");
        if (account is null)
        {
            return failure == SessionFailure.Expired
                ? TypedResults.Problem(title: "This account has expired: it was not used for too long.", statusCode: 401,
                    type: ProblemDetailsDefaults.Type("session-expired"))
                : TypedResults.Problem(title: "This recovery token is not valid.", statusCode: 401,
                    type: ProblemDetailsDefaults.Type("session-invalid"));
        }
        SessionCookie.Append(context, request.Token!, account);
        return TypedResults.Ok(SessionResponse.From(account, request.Token));
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound>> GetMe(HttpContext context, AccountStore accounts)
    {
        var account = await accounts.FindAsync(context.User.GetUserId());
        return account is null ? TypedResults.NotFound() : TypedResults.Ok(SessionResponse.From(account, token: null));
    }
}

public sealed record CreateSessionRequest(string? Name, bool Remember);

public sealed record RestoreSessionRequest(string? Token);

public sealed record UserDto(string Id, string Name);

public sealed record SessionResponse(UserDto User, string? Token, bool Remember, DateTimeOffset ExpiresAt)
{
    public static SessionResponse From(Account account, string? token) =>
        new(new UserDto(account.Id, account.Name), token, account.Remember, account.ExpiresAt);
}
