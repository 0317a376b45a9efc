using EphemChat.Identity.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Identity.Api;

/// <summary>The signed-in account, under <c>/api/identity/me</c>: read, rename, delete.</summary>
public static class MeApi
{
    public static RouteGroupBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/identity/me").WithTags("Account").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        me.MapGet("", GetMe).WithSummary("The signed-in account (without its token).");
        me.MapPatch("", Rename).WithSummary("Changes the display name.");
        me.MapDelete("", DeleteMe).WithSummary("Deletes the account and its memberships at once.");
        return me;
    }

    public static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> GetMe(HttpContext context, AccountStore accounts)
    {
        // Authentication has just read and slid the account; reading it again only loses a race with a deletion.
        if (await accounts.FindAsync(context.User.GetUserId()) is not { } account)
        {
            return Problems.SessionInvalid();
        }
        SessionCookie.Refresh(context, account);
        return TypedResults.Ok(SessionResponse.From(account, token: null));
    }

    public static async Task<Results<Ok<SessionResponse>, ValidationProblem, ProblemHttpResult>> Rename(
        RenameRequest request, HttpContext context, AccountStore accounts)
    {
        var name = DisplayName.Normalize(request.Name);
        if (!name.IsValid)
        {
            return Problems.InvalidName(name);
        }
        if (await accounts.RenameAsync(context.User.GetUserId(), name.Name!) is not { } account)
        {
            return Problems.SessionInvalid();
        }
        SessionCookie.Refresh(context, account);
        return TypedResults.Ok(SessionResponse.From(account, token: null));
    }

    public static async Task<NoContent> DeleteMe(HttpContext context, AccountDeletion deletion)
    {
        await deletion.DeleteAsync(context.User.GetUserId(), AccountDeletion.Deleted);
        SessionCookie.Clear(context);
        return TypedResults.NoContent();
    }
}
