using System.Diagnostics;
using System.Net;
using EphemChat.Matchmaking.Matching;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EphemChat.Matchmaking.Tests;

public sealed class ReplicaPropertyTests(MatchmakingFixture fixture, ITestOutputHelper output) : MatchmakingTests(fixture)
{
    private const int Searchers = 1_000;
    private static readonly string[] s_tags = ["chess", "jazz", "hiking", "films", "code", "cats"];

    [Theory]
    [InlineData(20240601)]
    [InlineData(7)]
    public async Task ConcurrentSearchersOnTwoReplicasEndInExactlyOnePairOrStillWaiting(int seed)
    {
        // Arrange: 1,000 real accounts; a quarter search with no interest, the rest with one or two of six tags.
        var random = new Random(seed);
        var users = new TestUser[Searchers];
        await Parallel.ForEachAsync(Enumerable.Range(0, Searchers), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (i, _) => users[i] = await Fixture.CreateUserAsync($"Searcher {i}"));
        var interests = users.ToDictionary(u => u.Id, _ => random.Next(4) == 0
            ? Array.Empty<string>()
            : s_tags.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).ToArray());
        using var secondHttp = Fixture.SecondReplica.CreateBrowserClient();
        var arrivals = users.OrderBy(_ => random.Next()).Select(u => (User: u, Http: random.Next(2) == 0 ? Fixture.Http : secondHttp)).ToArray();
        var engines = new[] { Fixture.Engine, Fixture.SecondReplica.Services.GetRequiredService<PairingEngine>() };
        Fixture.Rooms.Reset(seed);
        Fixture.Rooms.FailureRate = 0.1;

        // Act: everyone arrives at once, in random order, on either replica, while both replicas also run passes.
        var clock = Stopwatch.StartNew();
        using var stopPasses = new CancellationTokenSource();
        var passes = engines.Select(engine => Task.Run(async () =>
        {
            while (!stopPasses.IsCancellationRequested)
            {
                await engine.RunOnceAsync();
            }
        })).ToArray();
        await Parallel.ForEachAsync(arrivals, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (arrival, _) =>
        {
            var response = await Fixture.SendAsync(arrival.User, HttpMethod.Post, "/api/match/search",
                new { interests = interests[arrival.User.Id] }, arrival.Http);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        await stopPasses.CancelAsync();
        await Task.WhenAll(passes);
        Fixture.Rooms.FailureRate = 0;
        while ((await Task.WhenAll(engines.Select(e => e.RunOnceAsync()))).Sum() > 0)
        {
        }
        output.WriteLine($"{Fixture.Rooms.Created.Count} pairs, {Fixture.Rooms.Attempts.Count - Fixture.Rooms.Created.Count} failed room creations, {clock.ElapsedMilliseconds} ms");

        // Assert: every room is two different people, nobody is in two rooms, and (the clock stands still, so
        // nobody relaxed) every pair shares an interest or neither has one.
        var roomOf = new Dictionary<string, string>();
        foreach (var (roomId, members) in Fixture.Rooms.Created)
        {
            Assert.Equal(2, members.Length);
            Assert.NotEqual(members[0], members[1]);
            foreach (var member in members)
            {
                Assert.True(roomOf.TryAdd(member, roomId), $"{member} is in two pairs");
            }
            Assert.True(Compatible(interests[members[0]], interests[members[1]]), "a pair neither shares an interest nor accepts anyone");
        }
        Assert.True(Fixture.Rooms.Attempts.Count > Fixture.Rooms.Created.Count, "some room creations failed");

        // Every searcher is either matched into exactly that room, or still waiting in the queue: nobody is lost.
        var db = Fixture.Store.Database;
        var queue = (await db.SortedSetRangeByRankAsync(SearchStore.QueueKey)).Select(v => v.ToString()).ToHashSet();
        Assert.Equal(0, await db.SortedSetLengthAsync(SearchStore.ClaimsKey));
        Assert.Equal(queue.Count, await db.HashLengthAsync(SearchStore.SearchersKey));
        foreach (var user in users)
        {
            var state = await Fixture.SearchStore.GetAsync(user.Id, Fixture.Time.GetUtcNow());
            if (roomOf.TryGetValue(user.Id, out var roomId))
            {
                Assert.Equal(("matched", roomId), (state.State, state.RoomId));
                Assert.DoesNotContain(user.Id, queue);
                var found = Assert.Single(Fixture.Signaling.SentTo(user.Id, PairingEngine.MatchFoundEvent));
                Assert.Equal(roomId, found.GetProperty("roomId").GetString());
            }
            else
            {
                Assert.Equal("searching", state.State);
                Assert.Contains(user.Id, queue);
            }
        }
        Assert.Equal(Searchers, roomOf.Count + queue.Count);

        // Nobody waits who could be paired with someone else waiting.
        var waiting = queue.ToList();
        for (var i = 0; i < waiting.Count; i++)
        {
            for (var j = i + 1; j < waiting.Count; j++)
            {
                Assert.False(Compatible(interests[waiting[i]], interests[waiting[j]]), "two compatible searchers were left waiting");
            }
        }
    }

    private static bool Compatible(string[] a, string[] b) => a.Intersect(b).Any() || (a.Length == 0 && b.Length == 0);
}
