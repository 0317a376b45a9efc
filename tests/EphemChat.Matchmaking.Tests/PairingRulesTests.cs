using EphemChat.Matchmaking.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Matchmaking.Tests;

public sealed class PairingRulesTests(MatchmakingFixture fixture) : MatchmakingTests(fixture)
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task ASharedInterestIsPreferredOverAnEarlierStranger()
    {
        var (a, b, c) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "x");
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        var bState = await (await Fixture.SearchAsync(b, "y")).ReadStateAsync();
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));

        var cState = await (await Fixture.SearchAsync(c, "x")).ReadStateAsync();

        Assert.Equal("searching", bState.State);
        Assert.Equal("matched", cState.State);
        Assert.Equal([a.Id, c.Id], Assert.Single(Fixture.Rooms.Created).Members);
        Assert.Equal("searching", (await Fixture.StateAsync(b)).State);
    }

    [Fact]
    public async Task StrangersWithDifferentInterestsArePairedOnceTheyHaveWaitedTenSeconds()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "x");
        await Fixture.SearchAsync(b, "y");

        Fixture.Time.Advance(Fixture.Options.InterestRelaxAfter - s_tick);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
        Fixture.Time.Advance(s_tick);

        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
        Assert.Equal(new[] { a.Id, b.Id }.Order(), Assert.Single(Fixture.Rooms.Created).Members.Order());
        Assert.Equal("matched", (await Fixture.StateAsync(b)).State);
    }

    [Fact]
    public async Task ASearcherWithInterestsWaitsTenSecondsBeforeAcceptingSomeoneWithout()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "x");

        var bState = await (await Fixture.SearchAsync(b)).ReadStateAsync();
        Fixture.Time.Advance(Fixture.Options.InterestRelaxAfter);

        Assert.Equal("searching", bState.State);
        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
    }

    [Fact]
    public async Task FirstComeFirstServedAmongThoseWhoAcceptAnyone()
    {
        var (a, b, c) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "y");
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Fixture.SearchAsync(b, "z");
        Fixture.Time.Advance(Fixture.Options.InterestRelaxAfter);

        // a and b have both relaxed but run no pass yet; c, who accepts anyone, arrives and takes the oldest.
        var cState = await (await Fixture.SearchAsync(c)).ReadStateAsync();

        Assert.Equal("matched", cState.State);
        Assert.Equal([a.Id, c.Id], Assert.Single(Fixture.Rooms.Created).Members);
        Assert.Equal("searching", (await Fixture.StateAsync(b)).State);
    }

    [Fact]
    public async Task ASearchTimesOutAfterTwoMinutesAndThePersonIsToldNoMatch()
    {
        var user = await Fixture.CreateUserAsync();
        await Fixture.SearchAsync(user, "lonely");

        Fixture.Time.Advance(Fixture.Options.SearchTimeout - s_tick);
        await Fixture.Engine.RunOnceAsync();
        Assert.Equal("searching", (await Fixture.StateAsync(user)).State);
        Assert.Empty(Fixture.Signaling.Notifications);
        Fixture.Time.Advance(s_tick);
        await Fixture.Engine.RunOnceAsync();
        await Fixture.SecondReplica.Services.GetRequiredService<PairingEngine>().RunOnceAsync();

        var state = await Fixture.StateAsync(user);
        Assert.Equal("timed-out", state.State);
        Assert.Equal(Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), state.Since?.ToUnixTimeMilliseconds());
        var noMatch = Assert.Single(Fixture.Signaling.SentTo(user.Id, PairingEngine.NoMatchEvent));
        Assert.Equal("timeout", noMatch.GetProperty("reason").GetString());
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:queue"));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await Fixture.CancelAsync(user)).StatusCode);
        Assert.Equal("searching", (await (await Fixture.SearchAsync(user)).ReadStateAsync()).State);
    }

    [Fact]
    public async Task WhenTheRoomCannotBeCreatedBothGoBackToTheHeadOfTheQueue()
    {
        var (a, b, c) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        Fixture.Rooms.FailAll = true;
        await Fixture.SearchAsync(a);
        var enqueuedA = Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds();
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Fixture.SearchAsync(b);
        var enqueuedB = Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds();

        Assert.Single(Fixture.Rooms.Attempts);
        Assert.Empty(Fixture.Rooms.Created);
        Assert.Equal("searching", (await Fixture.StateAsync(a)).State);
        var queue = await Fixture.Store.Database.SortedSetRangeByRankWithScoresAsync("match:queue");
        Assert.Equal([(a.Id, (double)enqueuedA), (b.Id, enqueuedB)], queue.Select(e => (e.Element.ToString(), e.Score)));
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:claims"));

        Fixture.Rooms.FailAll = false;
        Fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Fixture.SearchAsync(c);

        Assert.Equal([a.Id, c.Id], Assert.Single(Fixture.Rooms.Created).Members);
        var rest = await Fixture.Store.Database.SortedSetRangeByRankWithScoresAsync("match:queue");
        Assert.Equal([(b.Id, (double)enqueuedB)], rest.Select(e => (e.Element.ToString(), e.Score)));
    }

    [Fact]
    public async Task CancellingWhileTheRoomIsBeingMadeVoidsThePairAndReturnsThePartner()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var store = Fixture.SearchStore;
        var now = Fixture.Time.GetUtcNow();
        await store.StartAsync(a.Id, "A", [], now);
        await store.StartAsync(b.Id, "B", [], now.AddSeconds(1));
        var pair = Assert.Single(await store.ClaimPairsAsync(now.AddSeconds(1)));

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await Fixture.CancelAsync(a)).StatusCode);
        var completed = await store.CompleteAsync(pair, "room-made-meanwhile", now.AddSeconds(2));

        Assert.Null(completed);
        Assert.Equal("idle", (await Fixture.StateAsync(a)).State);
        Assert.Equal("searching", (await Fixture.StateAsync(b)).State);
        Assert.Equal(now.AddSeconds(1).ToUnixTimeMilliseconds(), await Fixture.Store.Database.SortedSetScoreAsync("match:queue", b.Id));
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:claims"));
    }

    [Fact]
    public async Task APairClaimedByAVanishedReplicaGoesBackToTheQueueAfterTheClaimTimeout()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var store = Fixture.SearchStore;
        var now = Fixture.Time.GetUtcNow();
        await store.StartAsync(a.Id, "A", [], now);
        await store.StartAsync(b.Id, "B", [], now);
        Assert.Single(await store.ClaimPairsAsync(now));

        Fixture.Time.Advance(Fixture.Options.ClaimTimeout - s_tick);
        Assert.Equal(0, await Fixture.Engine.RunOnceAsync());
        Fixture.Time.Advance(s_tick);

        Assert.Equal(1, await Fixture.Engine.RunOnceAsync());
        Assert.Equal("matched", (await Fixture.StateAsync(a)).State);
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:claims"));
    }

    [Fact]
    public async Task AFailingNotificationDoesNotUndoTheMatch()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        Fixture.Signaling.FailAll = true;

        var roomId = await Fixture.MatchAsync(a, b);

        Assert.Equal(2, Fixture.Signaling.Notifications.Count);
        Assert.Equal(roomId, (await Fixture.StateAsync(a)).RoomId);
        Assert.Equal(roomId, (await Fixture.StateAsync(b)).RoomId);
    }

    [Theory]
    [InlineData("Zed", "alpha")]
    [InlineData("a-1", "a_1")]
    [InlineData("b", "B")]
    public async Task APairMemoryHoldsWhateverTheOrderOfTheIds(string first, string second)
    {
        var store = Fixture.SearchStore;
        var now = Fixture.Time.GetUtcNow();
        var remember = new Func<string, string, Task>[]
        {
            (x, y) => store.BlockAsync(x, y, now),
            (x, y) => store.RememberRecentAsync(x, y, now),
        };

        foreach (var rememberPair in remember)
        {
            foreach (var (a, b) in new[] { (first, second), (second, first) })
            {
                await Fixture.Store.FlushAsync();
                await rememberPair(a, b);
                await store.StartAsync(first, first, [], now);
                await store.StartAsync(second, second, [], now);

                Assert.Empty(await store.ClaimPairsAsync(now));
            }
        }
    }
}
