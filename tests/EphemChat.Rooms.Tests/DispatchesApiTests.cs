using System.Net;
using StackExchange.Redis;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class DispatchesApiTests(RoomsFixture fixture)
{
    [Fact]
    public async Task APostedEnvelopeIsStoredWithItsSenderAndAnnouncedToMembers()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("enclave");
        await bob.JoinOkAsync(room);
        var envelope = new { id = "msg-1", ciphertext = RoomCalls.Base64Url(100), iv = RoomCalls.Base64Url(12) };

        var posted = await (await bob.PostDispatchAsync(room.Id, envelope)).BodyAsync<EnvelopeBody>(HttpStatusCode.Created);
        var page = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).BodyAsync<PageBody>(HttpStatusCode.OK);

        Assert.Equal(("msg-1", 1L, bob.Id, envelope.ciphertext, envelope.iv), (posted.Id, posted.Seq, posted.SenderId, posted.Ciphertext, posted.Iv));
        Assert.Equal(fixture.Time.GetUtcNow().ToUnixTimeMilliseconds(), posted.PostedAt.ToUnixTimeMilliseconds());
        Assert.Equal([posted], page.Items);
        Assert.Equal(1, page.Next);
        var told = Assert.Single(fixture.Signaling.For(room.Id, "DispatchPosted"));
        RoomCalls.SameIds([ada.Id, bob.Id], told.UserIds);
        Assert.Equal("msg-1", told.Payload.GetProperty("dispatchId").GetString());
        Assert.Equal(1, told.Payload.GetProperty("seq").GetInt64());
        Assert.Equal(bob.Id, told.Payload.GetProperty("senderId").GetString());
        // Nothing identifies the session: neither the token nor anything derived from it is stored with rooms.
        var roomKeys = (await fixture.Store.ScanAsync()).Where(k => k.Key.StartsWith("rooms:", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(roomKeys, k => k.Content.Contains(bob.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostingTheSameIdAgainReturnsTheStoredEnvelopeWithoutADuplicate()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        var first = await (await ada.PostDispatchAsync(room.Id, "same")).BodyAsync<EnvelopeBody>(HttpStatusCode.Created);
        fixture.Time.Advance(TimeSpan.FromSeconds(3));

        var again = await (await ada.PostDispatchAsync(room.Id, "same")).BodyAsync<EnvelopeBody>(HttpStatusCode.OK);

        Assert.Equal(first, again);
        Assert.Single((await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).BodyAsync<PageBody>(HttpStatusCode.OK)).Items);
        Assert.Single(fixture.Signaling.For(room.Id, "DispatchPosted"));
    }

    [Fact]
    public async Task CiphertextOfSixteenKibibytesIsAcceptedAndOneByteMoreIsRefused()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");

        var atLimit = await ada.PostDispatchAsync(room.Id, "at-limit", ciphertextBytes: 16 * 1024);
        var overLimit = await ada.PostDispatchAsync(room.Id, "over-limit", ciphertextBytes: 16 * 1024 + 1);

        Assert.Equal(16 * 1024, fixture.Options.MaxCiphertextBytes);
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);
        var problem = await overLimit.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("https://ephemchat.app/problems/invalid-envelope", problem.Type);
        Assert.Equal(["ciphertext"], problem.Errors!.Keys);
    }

    [Fact]
    public async Task ABodyLargerThanThirtyTwoKibibytesIsRefusedBeforeItIsRead()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        var padding = new string('a', fixture.Options.MaxDispatchRequestBytes);

        var response = await ada.PostDispatchAsync(room.Id, new { id = "big", ciphertext = padding, iv = RoomCalls.Base64Url(12) });

        Assert.Equal("https://ephemchat.app/problems/payload-too-large", (await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge)).Type);
    }

    public static TheoryData<string, string?, string?, string?> MalformedEnvelopes()
    {
        var cipher = RoomCalls.Base64Url(64);
        var iv = RoomCalls.Base64Url(12);
        return new()
        {
            { "id", "", cipher, iv },
            { "id", null, cipher, iv },
            { "id", new string('a', 65), cipher, iv },
            { "id", "has space", cipher, iv },
            { "id", "slash/id", cipher, iv },
            { "ciphertext", "c1", "not base64!", iv },
            { "ciphertext", "c2", cipher.Replace('-', '+').Replace('_', '/') + "+/", iv },
            { "ciphertext", "c3", "QUJD=", iv },
            { "ciphertext", "c4", "QUJDRA==", iv },
            { "ciphertext", "c5", "QUJDR", iv },
            { "ciphertext", "c6", "", iv },
            { "ciphertext", "c7", null, iv },
            { "ciphertext", "c8", "QR", iv },
            { "iv", "i1", cipher, RoomCalls.Base64Url(11) },
            { "iv", "i2", cipher, RoomCalls.Base64Url(13) },
            { "iv", "i3", cipher, null },
            { "iv", "i4", cipher, "%%%%%%%%%%%%%%%%" },
        };
    }

    [Theory]
    [MemberData(nameof(MalformedEnvelopes))]
    public async Task AMalformedEnvelopeIsRefusedNamingTheField(string field, string? id, string? ciphertext, string? iv)
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");

        var response = await ada.PostDispatchAsync(room.Id, new { id, ciphertext, iv });

        Assert.Equal([field], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Empty((await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).BodyAsync<PageBody>(HttpStatusCode.OK)).Items);
    }

    [Fact]
    public async Task ADispatchIdOfSixtyFourUrlSafeCharactersIsAccepted()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        var id = "A-_z09" + new string('x', 58);

        var response = await ada.PostDispatchAsync(room.Id, id);

        Assert.Equal(id, (await response.BodyAsync<EnvelopeBody>(HttpStatusCode.Created)).Id);
    }

    [Fact]
    public async Task ReadingReturnsEnvelopesOldestFirstAfterTheGivenSeq()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            await ada.PostDispatchAsync(room.Id, id);
        }

        var page = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?after=2&limit=2")).BodyAsync<PageBody>(HttpStatusCode.OK);
        var rest = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?after={page.Next}")).BodyAsync<PageBody>(HttpStatusCode.OK);
        var end = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?after={rest.Next}")).BodyAsync<PageBody>(HttpStatusCode.OK);

        Assert.Equal([("c", 3L), ("d", 4L)], page.Items.Select(i => (i.Id, i.Seq)));
        Assert.Equal(4, page.Next);
        Assert.Equal(["e"], rest.Items.Select(i => i.Id));
        Assert.Empty(end.Items);
        Assert.Equal(5, end.Next);
    }

    [Theory]
    [InlineData("limit=1", HttpStatusCode.OK)]
    [InlineData("limit=100", HttpStatusCode.OK)]
    [InlineData("limit=0", HttpStatusCode.BadRequest)]
    [InlineData("limit=101", HttpStatusCode.BadRequest)]
    [InlineData("limit=-1", HttpStatusCode.BadRequest)]
    [InlineData("limit=ten", HttpStatusCode.BadRequest)]
    [InlineData("after=-1", HttpStatusCode.BadRequest)]
    [InlineData("after=x", HttpStatusCode.BadRequest)]
    [InlineData("after=0", HttpStatusCode.OK)]
    public async Task TheReadQueryIsValidatedAtItsEdges(string query, HttpStatusCode expected)
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");

        var response = await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?{query}");

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal([query.Split('=')[0]], (await response.ProblemAsync(HttpStatusCode.BadRequest)).Errors!.Keys);
        }
    }

    [Fact]
    public async Task ALimitOfOneHundredReturnsAtMostOneHundred()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");
        for (var i = 0; i < 101; i++)
        {
            await ada.PostDispatchAsync(room.Id, $"m{i}");
        }

        var full = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?limit=100")).BodyAsync<PageBody>(HttpStatusCode.OK);
        var byDefault = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).BodyAsync<PageBody>(HttpStatusCode.OK);

        Assert.Equal(100, full.Items.Count);
        Assert.Equal(fixture.Options.DefaultDispatchPageSize, byDefault.Items.Count);
    }

    [Fact]
    public async Task NonMembersCanNeitherPostNorRead()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave");
        await ada.PostDispatchAsync(room.Id, "secret");

        var post = await eve.PostDispatchAsync(room.Id, "intrusion");
        var read = await eve.Client.GetAsync($"/api/rooms/{room.Id}/dispatches");
        var unknownRoom = await eve.Client.GetAsync($"/api/rooms/{RoomCalls.UnknownRoomId()}/dispatches");
        var illFormed = await eve.PostDispatchAsync("bad-id", "x");

        Assert.Equal("https://ephemchat.app/problems/room-not-found", (await post.ProblemAsync(HttpStatusCode.NotFound)).Type);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRoom.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, illFormed.StatusCode);
        Assert.Single((await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches")).BodyAsync<PageBody>(HttpStatusCode.OK)).Items);
    }

    [Fact]
    public async Task ARoomKeepsTheNewestFiveHundredDispatchesAndDropsTheOldest()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var room = await ada.CreateRoomAsync("enclave");

        for (var i = 1; i <= 502; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await ada.PostDispatchAsync(room.Id, $"d{i}", ciphertextBytes: 16)).StatusCode);
        }

        var first = await (await ada.Client.GetAsync($"/api/rooms/{room.Id}/dispatches?after=0&limit=1")).BodyAsync<PageBody>(HttpStatusCode.OK);
        Assert.Equal(500, fixture.Options.MaxDispatchesPerRoom);
        Assert.Equal(("d3", 3L), (first.Items[0].Id, first.Items[0].Seq));
        Assert.Equal(500, await fixture.Store.Database.SortedSetLengthAsync((RedisKey)$"rooms:{room.Id}:dispatch-ids"));
        Assert.Equal(500, await fixture.Store.Database.HashLengthAsync((RedisKey)$"rooms:{room.Id}:dispatches"));
        // A dropped id is gone for good: posting it again stores a new envelope at the end.
        var reposted = await (await ada.PostDispatchAsync(room.Id, "d1", ciphertextBytes: 16)).BodyAsync<EnvelopeBody>(HttpStatusCode.Created);
        Assert.Equal(503, reposted.Seq);
    }
}
