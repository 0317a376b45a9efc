using EphemChat.Identity.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Identity.Api;

/// <summary>Starting and ending sessions, under <c>/api/identity</c>: create, restore with a token, sign out.</summary>
public static class SessionsApi
{
    /// <summary>A public type of this assembly for <c>WebApplicationFactory</c> (every service's Program is global).</summary>
    public sealed class Marker;

    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/identity").WithTags("Sessions");
        api.MapPost("/sessions", CreateSession)
            .RequireRateLimiting(RateLimits.AccountCreation)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Creates an anonymous account and signs it in; the answer holds its token, shown once.");
        api.MapPost("/sessions/restore", RestoreSession)
            .RequireRateLimiting(RateLimits.Restore)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("Signs in to an existing account with its token, on any device.");
        api.MapPost("/signout", SignOut)
            .WithSummary("Clears the cookie; a session-only account is deleted, a saved one is kept for its token.");
        return api;
    }

    public static async Task<Results<Created<SessionResponse>, ValidationProblem>> CreateSession(
        CreateSessionRequest request, AccountStore accounts, HttpContext context)
    {
        var name = DisplayName.Normalize(request.Name);
        if (!name.IsValid)
        {
            return Problems.InvalidName(name);
        }
        var (account, token) = await accounts.CreateAsync(name.Name!, request.Remember);
        SessionCookie.Append(context, token, account);
        return TypedResults.Created("/api/identity/me", SessionResponse.From(account, token));
    }

    public static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> RestoreSession(
        RestoreSessionRequest request, AccountStore accounts, IdentityMetrics metrics, HttpContext context)
    {
        // A token pasted with a stray space or line break is still the token.
        var token = request.Token?.Trim();
        if (string.IsNullOrEmpty(token))
        {
            return Problems.TokenRequired();
        }
        if (!SessionToken.IsWellFormed(token))
        {
            return Problems.TokenMalformed();
        }
        var (account, failure) = await accounts.AuthenticateAsync(token);
        if (account is null)
        {
            return Problems.For(failure);
        }
        SessionCookie.Append(context, token, account);
        metrics.SessionRestored();
        return TypedResults.Ok(SessionResponse.From(account, token));
    }

    public static async Task<NoContent> SignOut(HttpContext context, AccountDeletion deletion)
    {
        // Anonymous on purpose: signing out with an expired or unknown cookie still clears it.
        if (context.User.Identity?.IsAuthenticated == true)
        {
            var user = context.User.GetSessionUser();
            if (!user.Remember)
            {
                await deletion.DeleteAsync(user.Id, AccountDeletion.SignedOut);
            }
        }
        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }
}
