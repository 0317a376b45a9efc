using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

/// <summary>Every route with a body refuses a missing, malformed, mistyped or oversized one with a precise problem.</summary>
[Collection(IdentityCollection.Name)]
public sealed class RequestBodyTests(IdentityFixture fixture)
{
    public static TheoryData<string, string> BodyRoutes => new()
    {
        { "POST", "/api/identity/sessions" },
        { "POST", "/api/identity/sessions/restore" },
        { "PATCH", "/api/identity/me" },
    };

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task AMissingBodyIsA400(string method, string path)
    {
        using var client = await SignedInClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal("The request body is missing.", (await AssertProblem(response, HttpStatusCode.BadRequest)).Title);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task AJsonNullBodyIsA400(string method, string path)
    {
        using var client = await SignedInClientAsync();

        var response = await client.SendAsync(Json(method, path, "null"));

        Assert.Equal("The request body is missing.", (await AssertProblem(response, HttpStatusCode.BadRequest)).Title);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task MalformedJsonIsA400(string method, string path)
    {
        using var client = await SignedInClientAsync();

        var response = await client.SendAsync(Json(method, path, """{"name": "Ada", """));

        Assert.Equal(IdentityApi.ProblemBase + "malformed-json", (await AssertProblem(response, HttpStatusCode.BadRequest)).Type);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task AFieldOfTheWrongTypeIsA400(string method, string path)
    {
        using var client = await SignedInClientAsync();

        var response = await client.SendAsync(Json(method, path, """{"name": 42, "token": 42, "remember": "yes"}"""));

        Assert.Equal(IdentityApi.ProblemBase + "malformed-json", (await AssertProblem(response, HttpStatusCode.BadRequest)).Type);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task ABodyThatIsNotJsonIsA415(string method, string path)
    {
        using var client = await SignedInClientAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("name=Ada", Encoding.UTF8, "application/x-www-form-urlencoded"),
        });

        Assert.Contains("JSON", (await AssertProblem(response, HttpStatusCode.UnsupportedMediaType)).Title, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BodyRoutes))]
    public async Task ABodyAtTheLimitIsReadAndOneByteMoreIsA413(string method, string path)
    {
        using var client = await SignedInClientAsync();
        const int limit = 4 * 1024;

        var atLimit = await client.SendAsync(Json(method, path, Padded(limit)));
        var overLimit = await client.SendAsync(Json(method, path, Padded(limit + 1)));

        // At the limit the body is read: it then fails on its content (a 400 for the name or token), never a 413.
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, atLimit.StatusCode);
        Assert.True((int)atLimit.StatusCode < 500);
        await AssertProblem(overLimit, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AnOversizedChunkedBodyWithoutContentLengthIsA413()
    {
        using var client = fixture.Host.CreateBrowserClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(Padded(64 * 1024))));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/identity/sessions") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await client.SendAsync(request);

        Assert.Contains("too large", (await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge)).Title, StringComparison.Ordinal);
    }

    /// <summary>A JSON body of exactly <paramref name="bytes"/> bytes whose name is far too long.</summary>
    private static string Padded(int bytes)
    {
        const string prefix = """{"remember":true,"token":"x","name":" """;
        const string suffix = "\"}";
        return prefix + new string('a', bytes - prefix.Length - suffix.Length) + suffix;
    }

    private static HttpRequestMessage Json(string method, string path, string json) =>
        new(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private async Task<HttpClient> SignedInClientAsync()
    {
        var client = fixture.Host.CreateBrowserClient();
        await client.CreateSessionAsync();
        return client;
    }

    private static async Task<ProblemBody> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal((int)status, problem.Status);
        Assert.StartsWith(IdentityApi.ProblemBase, problem.Type);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }
}
