using System.Net;
using EphemChat.Matchmaking.Matching;

namespace EphemChat.Matchmaking.Tests;

public sealed class SearchApiTests(MatchmakingFixture fixture) : MatchmakingTests(fixture)
{
    [Fact]
    public async Task SearchingWithoutASessionIsUnauthorized()
    {
        var response = await Fixture.Http.PostAsync("/api/match/search", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/session-required", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task NobodySearchingReadsIdle()
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.SendAsync(user, HttpMethod.Get, "/api/match/search");

        Assert.Equal("{\"state\":\"idle\"}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartingASearchAnswers202WithTheSearchingStateAndNormalizedInterests()
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.SearchAsync(user, "Jazz", " jazz ", "Board  Games");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("/api/match/search", response.Headers.Location?.ToString());
        var state = await response.ReadStateAsync();
        Assert.Equal("searching", state.State);
        Assert.Equal(Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), state.Since?.ToUnixTimeMilliseconds());
        Assert.Equal(["jazz", "board games"], state.Interests!);
        var read = await Fixture.StateAsync(user);
        Assert.Equal((state.State, state.Since), (read.State, read.Since));
        Assert.Equal(state.Interests, read.Interests);
    }

    [Fact]
    public async Task ASearchNeedsNoBody()
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.SendAsync(user, HttpMethod.Post, "/api/match/search");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var state = await response.ReadStateAsync();
        Assert.Equal(("searching", null), (state.State, state.RoomId));
        Assert.Empty(state.Interests!);
    }

    [Fact]
    public async Task SearchingTwiceIsAConflictAndKeepsOneQueueEntry()
    {
        var user = await Fixture.CreateUserAsync();
        await Fixture.SearchAsync(user, "chess");

        var second = await Fixture.SearchAsync(user, "go");

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await second.ReadProblemAsync();
        Assert.Equal("https://ephemchat.app/problems/already-searching", problem.Type);
        Assert.Equal("You are already searching.", problem.Title);
        Assert.Equal(1, await Fixture.Store.Database.SortedSetLengthAsync("match:queue"));
        Assert.Equal(["chess"], (await Fixture.StateAsync(user)).Interests!);
    }

    [Fact]
    public async Task CancellingWithoutASearchIsAConflict()
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.CancelAsync(user);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/not-searching", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task CancellingEndsTheSearchAndEmptiesTheQueue()
    {
        var user = await Fixture.CreateUserAsync();
        await Fixture.SearchAsync(user);

        var response = await Fixture.CancelAsync(user);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("idle", (await Fixture.StateAsync(user)).State);
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:queue"));
        Assert.Equal(HttpStatusCode.Conflict, (await Fixture.CancelAsync(user)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Fixture.SearchAsync(user)).StatusCode);
    }

    public static TheoryData<string?[], string> RefusedInterests => new()
    {
        { ["a", "b", "c", "d", "e", "f"], "At most 5 interests" },
        { [new string('x', Interests.MaxLength + 1)], "at most 24 characters" },
        { [""], "must not be empty" },
        { ["   "], "must not be empty" },
        { [null], "must not be empty" },
        { ["rock,pop"], "letters, digits" },
        { ["line\nbreak"], "letters, digits" },
        { ["bidi\u202Eoverride"], "letters, digits" },
    };

    [Theory]
    [MemberData(nameof(RefusedInterests))]
    public async Task InvalidInterestsAreRefusedNamingTheField(string?[] interests, string message)
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.SendAsync(user, HttpMethod.Post, "/api/match/search", new { interests });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("https://ephemchat.app/problems/invalid-interests", problem.Type);
        Assert.Contains(message, Assert.Single(problem.Errors!["interests"]));
        Assert.Equal("idle", (await Fixture.StateAsync(user)).State);
    }

    [Fact]
    public async Task FiveInterestsOf24CharactersAreAccepted()
    {
        var user = await Fixture.CreateUserAsync();
        string[] interests = [new string('a', 24), new string('b', 24), "c", "d", "éte\u0301"];

        var response = await Fixture.SearchAsync(user, interests);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([new string('a', 24), new string('b', 24), "c", "d", "été"], (await response.ReadStateAsync()).Interests!);
    }

    [Fact]
    public async Task MalformedJsonIsABadRequestNotAServerError()
    {
        var user = await Fixture.CreateUserAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/match/search")
        {
            Content = new StringContent("{\"interests\": \"jazz\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", user.Token);

        var response = await Fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/malformed-json", (await response.ReadProblemAsync()).Type);
    }

    [Fact]
    public async Task TwoSearchersAreMatchedIntoOneEnclaveAndBothAreToldWithThePeerName()
    {
        var ada = await Fixture.CreateUserAsync("Ada");
        var bo = await Fixture.CreateUserAsync("Bo");
        await Fixture.SearchAsync(ada);
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var response = await Fixture.SearchAsync(bo);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var state = await response.ReadStateAsync();
        Assert.Equal("matched", state.State);
        var (roomId, members) = Assert.Single(Fixture.Rooms.Created);
        Assert.Equal(roomId, state.RoomId);
        Assert.Equal([ada.Id, bo.Id], members);
        var request = Assert.Single(Fixture.Rooms.Attempts);
        Assert.Equal(("enclave", "match"), (request.Kind, request.Origin));
        var adaState = await Fixture.StateAsync(ada);
        Assert.Equal(("matched", roomId, Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds()),
            (adaState.State, adaState.RoomId, adaState.Since?.ToUnixTimeMilliseconds()));
        var toAda = Assert.Single(Fixture.Signaling.SentTo(ada.Id, PairingEngine.MatchFoundEvent));
        Assert.Equal(roomId, toAda.GetProperty("roomId").GetString());
        Assert.Equal("Bo", toAda.GetProperty("peerName").GetString());
        var toBo = Assert.Single(Fixture.Signaling.SentTo(bo.Id, PairingEngine.MatchFoundEvent));
        Assert.Equal("Ada", toBo.GetProperty("peerName").GetString());
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:queue"));
    }

    [Fact]
    public async Task AMatchReadsIdleOnceItsOutcomeLifetimeHasPassed()
    {
        var (ada, bo) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.MatchAsync(ada, bo);

        Fixture.Time.Advance(Fixture.Options.OutcomeLifetime - TimeSpan.FromMilliseconds(1));
        Assert.Equal("matched", (await Fixture.StateAsync(ada)).State);
        Fixture.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal("idle", (await Fixture.StateAsync(ada)).State);
    }

    [Fact]
    public async Task EveryKeyTheSearchWritesCarriesATimeToLive()
    {
        var (ada, bo, cy) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(ada, bo);
        await Fixture.BlockAsync(ada, roomId);
        await Fixture.SkipAsync(bo, roomId);
        await Fixture.SearchAsync(cy, "solo");
        Fixture.Time.Advance(Fixture.Options.SearchTimeout);
        await Fixture.Engine.RunOnceAsync();

        var keys = await Fixture.Store.ScanAsync();

        Assert.Contains(keys, k => k.Key == "match:blocks");
        Assert.Contains(keys, k => k.Key == "match:recent");
        Assert.Contains(keys, k => k.Key == $"match:room:{roomId}");
        Assert.All(keys, k => Assert.True(k.TimeToLive > TimeSpan.Zero, $"{k.Key} has no TTL"));
    }
}
