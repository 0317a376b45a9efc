using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class MeTests(IdentityFixture fixture)
{
    [Fact]
    public async Task MeAnswersTheSessionWithoutItsToken()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Ada", remember: true);

        var response = await browser.GetAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.TryGetProperty("token", out _), "the token must only appear on create and restore");
        Assert.Equal(created.User.Id, json.RootElement.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Ada", json.RootElement.GetProperty("user").GetProperty("name").GetString());
        Assert.True(json.RootElement.GetProperty("remember").GetBoolean());
        Assert.Equal(created.ExpiresAt, json.RootElement.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task MeAcceptsABearerTokenFromANonBrowserClient()
    {
        var created = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Bot");
        using var client = fixture.Host.CreateClient();

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", created.Token!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(created.User.Id, (await response.Content.ReadFromJsonAsync<SessionBody>())!.User.Id);
    }

    [Fact]
    public async Task MeWithoutASessionIs401SessionRequired()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.GetAsync("/api/identity/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-required", (await response.ReadProblemAsync()).Type);
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("malformed")]
    public async Task MeWithAWrongTokenIs401SessionInvalid(string token)
    {
        using var client = fixture.Host.CreateClient();

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-invalid", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task RenamingChangesTheNameEverywhere()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var created = await browser.CreateSessionAsync("Ada");

        var response = await browser.PatchAsJsonAsync("/api/identity/me", new { name = "  Ame\u0301lie " });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.TryGetProperty("token", out _));
        Assert.Equal("Am\u00E9lie", json.RootElement.GetProperty("user").GetProperty("name").GetString());
        Assert.Equal(created.User.Id, json.RootElement.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Am\u00E9lie", (await browser.GetFromJsonAsync<SessionBody>("/api/identity/me"))!.User.Name);
        Assert.Equal("Am\u00E9lie", (await fixture.Store.Database.HashGetAsync($"identity:user:{created.User.Id}", "name")).ToString());
    }

    [Theory]
    [InlineData(null, "name-required")]
    [InlineData(" \t ", "name-blank")]
    [InlineData("Ada\u202E", "name-forbidden-character")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "name-too-long")]
    public async Task RenamingToABadNameIs400AndKeepsTheOldName(string? name, string slug)
    {
        using var browser = fixture.Host.CreateBrowserClient();
        await browser.CreateSessionAsync("Ada");

        var response = await browser.PatchAsJsonAsync("/api/identity/me", new { name });

        await CreateSessionTests.AssertProblem(response, slug, "name");
        Assert.Equal("Ada", (await browser.GetFromJsonAsync<SessionBody>("/api/identity/me"))!.User.Name);
    }

    [Fact]
    public async Task RenamingAThirtyTwoCharacterNameIsAccepted()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        await browser.CreateSessionAsync("Ada");
        var name = new string('b', 32);

        var response = await browser.PatchAsJsonAsync("/api/identity/me", new { name });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(name, (await response.Content.ReadFromJsonAsync<SessionBody>())!.User.Name);
    }

    [Fact]
    public async Task RenamingWithoutASessionIs401()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PatchAsJsonAsync("/api/identity/me", new { name = "Ada" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "session-required", (await response.ReadProblemAsync()).Type);
    }
}
