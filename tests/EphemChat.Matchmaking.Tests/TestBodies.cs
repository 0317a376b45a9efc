using System.Net.Http.Json;

namespace EphemChat.Matchmaking.Tests;

public sealed record SearchStateBody(string State, DateTimeOffset? Since, string? RoomId, string[]? Interests);

public sealed record ProblemBody(string Type, string Title, int Status, Dictionary<string, string[]>? Errors);

/// <summary>The routes as a client calls them.</summary>
public static class MatchClient
{
    public static Task<HttpResponseMessage> SearchAsync(this MatchmakingFixture fixture, TestUser user, params string[] interests) =>
        fixture.SendAsync(user, HttpMethod.Post, "/api/match/search", new { interests });

    public static async Task<SearchStateBody> StateAsync(this MatchmakingFixture fixture, TestUser user)
    {
        var response = await fixture.SendAsync(user, HttpMethod.Get, "/api/match/search");
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SearchStateBody>())!;
    }

    public static Task<HttpResponseMessage> CancelAsync(this MatchmakingFixture fixture, TestUser user) =>
        fixture.SendAsync(user, HttpMethod.Delete, "/api/match/search");

    public static Task<HttpResponseMessage> SkipAsync(this MatchmakingFixture fixture, TestUser user, string? roomId) =>
        fixture.SendAsync(user, HttpMethod.Post, "/api/match/skip", new { roomId });

    public static Task<HttpResponseMessage> BlockAsync(this MatchmakingFixture fixture, TestUser user, string? roomId) =>
        fixture.SendAsync(user, HttpMethod.Post, "/api/match/block", new { roomId });

    public static async Task<SearchStateBody> ReadStateAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<SearchStateBody>())!;

    public static async Task<ProblemBody> ReadProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemBody>())!;
    }

    /// <summary>Two users who searched and were matched; returns the room id.</summary>
    public static async Task<string> MatchAsync(this MatchmakingFixture fixture, TestUser a, TestUser b)
    {
        (await fixture.SearchAsync(a)).EnsureSuccessStatusCode();
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var response = await fixture.SearchAsync(b);
        response.EnsureSuccessStatusCode();
        var state = await response.ReadStateAsync();
        Assert.Equal("matched", state.State);
        return state.RoomId!;
    }
}
