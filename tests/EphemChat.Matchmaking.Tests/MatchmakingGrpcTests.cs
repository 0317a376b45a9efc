using EphemChat.Matchmaking.Grpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace EphemChat.Matchmaking.Tests;

public sealed class MatchmakingGrpcTests(MatchmakingFixture fixture) : MatchmakingTests(fixture), IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Replica.GrpcUrl);

    private Grpc.Matchmaking.MatchmakingClient Client => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task CancelSearchEndsASearchOnceWhenTheBrowserDisconnects()
    {
        var user = await Fixture.CreateUserAsync();
        await Fixture.SearchAsync(user, "radio");

        var first = await Client.CancelSearchAsync(new CancelSearchRequest { UserId = user.Id, Reason = "disconnected" });
        var second = await Client.CancelSearchAsync(new CancelSearchRequest { UserId = user.Id, Reason = "disconnected" });

        Assert.True(first.WasSearching);
        Assert.False(second.WasSearching);
        Assert.Equal("idle", (await Fixture.StateAsync(user)).State);
        Assert.Equal(0, await Fixture.Store.Database.SortedSetLengthAsync("match:queue"));
    }

    [Fact]
    public async Task CancelSearchOfADeletedAccountForgetsItsState()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.MatchAsync(a, b);

        var reply = await Client.CancelSearchAsync(new CancelSearchRequest { UserId = a.Id, Reason = "deleted" });

        Assert.False(reply.WasSearching);
        Assert.False(await Fixture.Store.Database.KeyExistsAsync($"match:user:{a.Id}"));
    }

    [Fact]
    public async Task CancelSearchOfSomeoneWhosePairIsBeingMadeReturnsThePartnerToTheQueue()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        var now = Fixture.Time.GetUtcNow();
        await Fixture.SearchStore.StartAsync(a.Id, "A", [], now);
        await Fixture.SearchStore.StartAsync(b.Id, "B", [], now);
        Assert.Single(await Fixture.SearchStore.ClaimPairsAsync(now));

        var reply = await Client.CancelSearchAsync(new CancelSearchRequest { UserId = b.Id, Reason = "disconnected" });

        Assert.True(reply.WasSearching);
        Assert.Equal([a.Id], (await Fixture.Store.Database.SortedSetRangeByRankAsync("match:queue")).Select(v => v.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("has|bar")]
    [InlineData("ünïcode")]
    public async Task MalformedUserIdsAreInvalidArguments(string userId)
    {
        var cancel = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.CancelSearchAsync(new CancelSearchRequest { UserId = userId, Reason = "disconnected" }));
        var get = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.GetSearchStateAsync(new GetSearchStateRequest { UserId = userId }));

        Assert.Equal(StatusCode.InvalidArgument, cancel.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, get.StatusCode);
    }

    [Fact]
    public async Task GetSearchStateReportsSearchingAndThenTheMatchedRoom()
    {
        var (a, b) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());
        await Fixture.SearchAsync(a, "Jazz");

        var searching = await Client.GetSearchStateAsync(new GetSearchStateRequest { UserId = a.Id });
        var roomId = (await (await Fixture.SearchAsync(b, "jazz")).ReadStateAsync()).RoomId;
        var matched = await Client.GetSearchStateAsync(new GetSearchStateRequest { UserId = a.Id });

        Assert.Equal(("searching", "", Fixture.Time.GetUtcNow().ToUnixTimeMilliseconds()),
            (searching.State, searching.RoomId, searching.Since.ToDateTimeOffset().ToUnixTimeMilliseconds()));
        Assert.Equal(["jazz"], searching.Interests);
        Assert.Equal(("matched", roomId), (matched.State, matched.RoomId));
    }
}
