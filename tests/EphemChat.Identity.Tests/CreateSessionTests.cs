using System.Net;
using System.Net.Http.Json;
using System.Text;
using EphemChat.Identity.Tests.Support;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class CreateSessionTests(IdentityFixture fixture)
{
    private const string Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";

    [Fact]
    public async Task CreatingASavedAccountAnswers201WithUserTokenAndThirtyDayExpiry()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var now = fixture.Time.GetUtcNow();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Ada", remember = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/identity/me", response.Headers.Location?.OriginalString);
        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        Assert.Matches("^[A-Za-z0-9_-]{22}$", session.User.Id);
        Assert.Equal("Ada", session.User.Name);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", session.Token);
        Assert.True(session.Remember);
        Assert.Equal(now.AddDays(30), session.ExpiresAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task CreatingASessionOnlyAccountExpiresInTwentyFourHours()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var now = fixture.Time.GetUtcNow();

        var session = await browser.CreateSessionAsync("Grace", remember: false);

        Assert.False(session.Remember);
        Assert.Equal(now.AddHours(24), session.ExpiresAt, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task LeavingOutRememberMakesASessionOnlyAccount()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Ada" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<SessionBody>())!.Remember);
    }

    [Fact]
    public async Task TheNameIsTrimmedAndNormalizedToNfc()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var session = await browser.CreateSessionAsync("  Ame\u0301lie\t", remember: true);

        Assert.Equal("Am\u00E9lie", session.User.Name);
        var me = await browser.GetFromJsonAsync<SessionBody>("/api/identity/me");
        Assert.Equal("Am\u00E9lie", me!.User.Name);
    }

    [Theory]
    [InlineData("a")]
    [InlineData(Family)]
    [InlineData("x\u0301")]
    public async Task ThirtyTwoUserPerceivedCharactersAreAccepted(string character)
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var name = string.Concat(Enumerable.Repeat(character, 32));

        var session = await browser.CreateSessionAsync(name);

        Assert.Equal(name, session.User.Name);
    }

    [Theory]
    [InlineData("a")]
    [InlineData(Family)]
    [InlineData("x\u0301")]
    public async Task ThirtyThreeUserPerceivedCharactersAreRefused(string character) =>
        await AssertNameRefused(string.Concat(Enumerable.Repeat(character, 33)), "name-too-long");

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000\t")]
    public async Task AWhitespaceOnlyNameIsRefused(string name) => await AssertNameRefused(name, "name-blank");

    [Theory]
    [InlineData("Ada\u0007")]
    [InlineData("Ada\u202Egpj.exe")]
    [InlineData("A\u200Bda")]
    [InlineData("Ada\nLovelace")]
    public async Task ControlAndFormatCharactersAreRefused(string name) => await AssertNameRefused(name, "name-forbidden-character");

    [Fact]
    public async Task ACharacterStackingTooManyMarksIsRefused() =>
        await AssertNameRefused("x" + new string('\u0301', 16), "name-character-too-complex");

    [Fact]
    public async Task AMissingNameIsRefused()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { remember = true });

        await AssertProblem(response, "name-required", "name");
    }

    [Fact]
    public async Task ALoneSurrogateIsABadRequestNotAServerError()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsync("/api/identity/sessions",
            new StringContent("""{"name":"Ada\ud800","remember":true}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(IdentityApi.ProblemBase, (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task ARefusedNameCreatesNoAccountAndSetsNoCookie()
    {
        using var browser = fixture.Host.CreateBrowserClient();
        var before = (await fixture.Store.ScanAsync()).Count;

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = " ", remember = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(before, (await fixture.Store.ScanAsync()).Count);
    }

    private async Task AssertNameRefused(string name, string slug)
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name, remember = true });

        await AssertProblem(response, slug, "name");
    }

    internal static async Task AssertProblem(HttpResponseMessage response, string slug, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(IdentityApi.ProblemBase + slug, problem.Type);
        Assert.Equal(400, problem.Status);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.NotNull(problem.Errors);
        Assert.True(problem.Errors!.ContainsKey(field), $"errors do not name '{field}'");
    }
}
