using System.Net;

namespace EphemChat.Matchmaking.Tests;

public sealed class SkipAndBlockTests(MatchmakingFixture fixture) : MatchmakingTests(fixture)
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task SkippingLeavesTheEnclaveAndSearchesAgainWithTheSameInterests()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "chess");
        var roomId = (await (await Fixture.SearchAsync(b, "chess")).ReadStateAsync()).RoomId!;

        var response = await Fixture.SkipAsync(a, roomId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var state = await response.ReadStateAsync();
        Assert.Equal("searching", state.State);
        Assert.Equal(["chess"], state.Interests!);
        Assert.Equal([b.Id], Fixture.Rooms.MembersOf(roomId));
    }

    [Fact]
    public async Task SkippingARoomYouAreNotInIsNotFound()
    {
        var (a, b, outsider) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);

        var response = await Fixture.SkipAsync(outsider, roomId);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal("https://ephemchat.app/problems/room-not-found", problem.Type);
        Assert.Equal("You are not in this enclave.", problem.Title);
        Assert.Equal("idle", (await Fixture.StateAsync(outsider)).State);
        Assert.Equal([a.Id, b.Id], Fixture.Rooms.MembersOf(roomId));
    }

    [Fact]
    public async Task SkippingARoomThatDoesNotExistIsNotFound()
    {
        var user = await Fixture.CreateUserAsync();

        var response = await Fixture.SkipAsync(user, "no-such-room");
        var longestId = await Fixture.SkipAsync(user, new string('r', 64));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, longestId.StatusCode);
    }

    [Theory]
    [InlineData(null, "A room id is required.")]
    [InlineData("", "A room id is required.")]
    [InlineData("room|with|bars", "A room id is 1–64 characters")]
    [InlineData("a65aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "A room id is 1–64 characters")]
    public async Task SkipAndBlockRefuseAMalformedRoomId(string? roomId, string message)
    {
        var user = await Fixture.CreateUserAsync();

        var skip = await Fixture.SkipAsync(user, roomId);
        var block = await Fixture.BlockAsync(user, roomId);

        foreach (var response in new[] { skip, block })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.ReadProblemAsync();
            Assert.Equal("https://ephemchat.app/problems/invalid-room-id", problem.Type);
            Assert.StartsWith(message, Assert.Single(problem.Errors!["roomId"]));
        }
    }

    [Fact]
    public async Task SkippedPeopleAreNotPairedAgainWithinTenMinutesButAreAfter()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);
        var pairedAt = Fixture.Time.GetUtcNow();

        Assert.Equal("searching", (await (await Fixture.SkipAsync(a, roomId)).ReadStateAsync()).State);
        Assert.Equal("searching", (await (await Fixture.SearchAsync(b)).ReadStateAsync()).State);
        Fixture.Time.Advance(Fixture.Options.SearchTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());

        // Both search again shortly before the ten minutes are up; the pair memory holds to the millisecond.
        Fixture.Time.SetUtcNow(pairedAt + Fixture.Options.RecentPairWindow - TimeSpan.FromSeconds(5));
        await Fixture.Engine.RunOnceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await Fixture.SearchAsync(a)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await Fixture.SearchAsync(b)).StatusCode);
        Fixture.Time.SetUtcNow(pairedAt + Fixture.Options.RecentPairWindow - s_tick);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
        Fixture.Time.Advance(s_tick);

        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
        Assert.Equal(2, Fixture.Rooms.Created.Count);
        Assert.Equal(new[] { a.Id, b.Id }.Order(), Fixture.Rooms.Created.Last().Members.Order());
    }

    [Fact]
    public async Task ASkipRestartsTheTenMinutesEvenWhenTheMatchWasEarlier()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);
        Fixture.Time.Advance(TimeSpan.FromMinutes(5));
        var skippedAt = Fixture.Time.GetUtcNow();
        await Fixture.SkipAsync(a, roomId);

        Fixture.Time.SetUtcNow(skippedAt + Fixture.Options.RecentPairWindow - TimeSpan.FromSeconds(5));
        await Fixture.Engine.RunOnceAsync();
        await Fixture.SearchAsync(a);
        await Fixture.SearchAsync(b);
        Fixture.Time.SetUtcNow(skippedAt + Fixture.Options.RecentPairWindow - s_tick);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
        Fixture.Time.Advance(s_tick);

        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
    }

    [Fact]
    public async Task BlockedPeopleAreNeverPairedWhoeverSearchesFirst()
    {
        var (a, b, c) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);

        var response = await Fixture.BlockAsync(a, roomId);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([b.Id], Fixture.Rooms.MembersOf(roomId));
        Assert.Equal("idle", (await Fixture.StateAsync(a)).State);
        Assert.Equal("matched", (await Fixture.StateAsync(b)).State);

        // Past the recent-pair window, so only the block keeps them apart: blocker first, then blocked first.
        Fixture.Time.Advance(Fixture.Options.RecentPairWindow);
        foreach (var (first, second) in new[] { (a, b), (b, a) })
        {
            Assert.Equal("searching", (await (await Fixture.SearchAsync(first)).ReadStateAsync()).State);
            Assert.Equal("searching", (await (await Fixture.SearchAsync(second)).ReadStateAsync()).State);
            Fixture.Time.Advance(Fixture.Options.InterestRelaxAfter);
            Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
            await Fixture.CancelAsync(first);
            await Fixture.CancelAsync(second);
        }

        // Anyone else still pairs with either of them.
        await Fixture.SearchAsync(b);
        Assert.Equal("matched", (await (await Fixture.SearchAsync(c)).ReadStateAsync()).State);
    }

    [Fact]
    public async Task ABlockLastsThirtyDays()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);
        var blockedAt = Fixture.Time.GetUtcNow();
        await Fixture.BlockAsync(b, roomId);

        Fixture.Time.SetUtcNow(blockedAt + Fixture.Options.BlockDuration - TimeSpan.FromSeconds(5));
        await Fixture.Engine.RunOnceAsync();
        await Fixture.SearchAsync(a);
        await Fixture.SearchAsync(b);
        Fixture.Time.SetUtcNow(blockedAt + Fixture.Options.BlockDuration - s_tick);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
        Fixture.Time.Advance(s_tick);

        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
        Assert.Equal(30, Fixture.Options.BlockDuration.TotalDays);
    }

    [Fact]
    public async Task BlockingSomeoneWhoAlreadyLeftStillBlocksThem()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);
        await Fixture.SkipAsync(b, roomId);
        await Fixture.CancelAsync(b);

        var response = await Fixture.BlockAsync(a, roomId);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([], Fixture.Rooms.MembersOf(roomId));
        Fixture.Time.Advance(Fixture.Options.RecentPairWindow);
        await Fixture.SearchAsync(a);
        await Fixture.SearchAsync(b);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
    }

    [Fact]
    public async Task BlockingInAGroupEnclaveIsAConflict()
    {
        var (a, b, c) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = Fixture.Rooms.AddRoom(a.Id, b.Id, c.Id);

        var response = await Fixture.BlockAsync(a, roomId);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/not-a-pair", (await response.ReadProblemAsync()).Type);
        Assert.Equal(3, Fixture.Rooms.MembersOf(roomId)!.Count);
    }

    [Fact]
    public async Task BlockingInARoomYouAreNotInIsNotFound()
    {
        var (a, b, outsider) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var roomId = await Fixture.MatchAsync(a, b);

        var response = await Fixture.BlockAsync(outsider, roomId);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/room-not-found", (await response.ReadProblemAsync()).Type);
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:blocks"));
    }
}
