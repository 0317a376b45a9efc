using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EphemChat.Hosting.Dashboard;

/// <summary>RFC 9457 problem details with the same stable <c>type</c> URIs the services use.</summary>
internal static class DashboardProblems
{
    public const string TypeBase = "https://ephemchat.app/problems/";

    public static ProblemHttpResult Problem(int status, string slug, string title) =>
        TypedResults.Problem(statusCode: status, title: title, type: TypeBase + slug);
}
