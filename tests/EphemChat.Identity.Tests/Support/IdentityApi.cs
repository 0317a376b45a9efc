using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Net.Http.Headers;

namespace EphemChat.Identity.Tests.Support;

public sealed record UserBody(string Id, string Name);

public sealed record SessionBody(UserBody User, string? Token, bool Remember, DateTimeOffset ExpiresAt);

public sealed record ProblemBody(string Type, string Title, int Status, string? Detail, Dictionary<string, string[]>? Errors);

/// <summary>Calls of identity's public routes, as the web app makes them.</summary>
public static class IdentityApi
{
    public const string ProblemBase = "https://ephemchat.app/problems/";

    public static async Task<SessionBody> CreateSessionAsync(this HttpClient client, string name = "Ada", bool remember = true)
    {
        var response = await client.PostAsJsonAsync("/api/identity/sessions", new { name, remember });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SessionBody>())!;
    }

    public static async Task<ProblemBody> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemBody>())!;
    }

    /// <summary>A request that authenticates as a non-browser client does: <c>Authorization: Bearer</c>.</summary>
    public static HttpRequestMessage Bearer(HttpMethod method, string path, string token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The <c>ephem_session</c> Set-Cookie of a response.</summary>
    public static SetCookieHeaderValue SessionCookie(this HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues(HeaderNames.SetCookie, out var values), "no Set-Cookie header");
        return SetCookieHeaderValue.ParseList(values!.ToList()).Single(c => c.Name == "ephem_session");
    }
}
