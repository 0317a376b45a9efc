using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Identity.Api;

/// <summary>The problem answers of identity's routes, each with a stable type and a title the UI can show.</summary>
internal static class Problems
{
    public static ProblemHttpResult SessionExpired() => TypedResults.Problem(
        title: "This account has expired: it was not used for too long.",
        statusCode: StatusCodes.Status401Unauthorized,
        type: ProblemDetailsDefaults.Type("session-expired"));

    public static ProblemHttpResult SessionInvalid() => TypedResults.Problem(
        title: "This token is not valid. Check that it was copied whole, or start a new account.",
        statusCode: StatusCodes.Status401Unauthorized,
        type: ProblemDetailsDefaults.Type("session-invalid"));

    public static ProblemHttpResult For(SessionFailure failure) => failure == SessionFailure.Expired ? SessionExpired() : SessionInvalid();

    /// <summary>A 400 naming the <c>name</c> field, with the broken rule as the problem type.</summary>
    public static ValidationProblem InvalidName(DisplayNameResult result) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["name"] = [result.Message!] },
        title: result.Message,
        type: ProblemDetailsDefaults.Type(result.Slug!));

    public static ValidationProblem TokenRequired() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["token"] = ["A recovery token is required."] },
        title: "A recovery token is required.",
        type: ProblemDetailsDefaults.Type("token-required"));

    public static ValidationProblem TokenMalformed() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]>
        {
            ["token"] = [$"A recovery token is {SessionToken.EncodedLength} characters: letters, digits, '-' and '_'."],
        },
        title: "This is not a recovery token: check that it was copied whole.",
        type: ProblemDetailsDefaults.Type("token-malformed"));
}
