using System.Net;
using System.Net.Http.Json;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class CreateAndReadRoomTests(RoomsFixture fixture)
{
    [Fact]
    public async Task APrivateRoomDefaultsToTwoPlacesAndTenMinutes()
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var room = await ada.CreateRoomAsync("private");

        Assert.Equal("private", room.Kind);
        Assert.Equal(2, room.Capacity);
        Assert.Equal("created", room.Origin);
        Assert.Equal(ada.Id, room.CreatorId);
        Assert.Equal(600, room.SecondsLeft);
        Assert.Equal(fixture.Time.GetUtcNow().AddMinutes(10).ToUnixTimeSeconds(), room.ExpiresAt.ToUnixTimeSeconds());
        var member = Assert.Single(room.Members);
        Assert.Equal((ada.Id, "Ada"), (member.Id, member.Name));
        // ≥ 128 random bits, URL-safe: 22 and 43 base64url characters.
        Assert.Matches("^[A-Za-z0-9_-]{22}$", room.Id);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", room.Invite);
    }

    [Fact]
    public async Task AnEnclaveDefaultsToEightPlacesAndThirtyDays()
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var room = await ada.CreateRoomAsync("enclave");

        Assert.Equal(8, room.Capacity);
        Assert.Equal((long)TimeSpan.FromDays(30).TotalSeconds, room.SecondsLeft);
    }

    [Theory]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("24h", 86400)]
    public async Task APrivateRoomTakesEveryLifetimeChoice(string lifetime, long seconds)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var room = await ada.CreateRoomAsync("private", lifetime);

        Assert.Equal(seconds, room.SecondsLeft);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(16)]
    public async Task CapacityAtItsLimitsIsAccepted(int capacity)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var room = await ada.CreateRoomAsync("enclave", capacity: capacity);

        Assert.Equal(capacity, room.Capacity);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task CapacityOutsideTwoToSixteenIsRefusedNamingTheField(int capacity)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var response = await ada.Client.PostAsJsonAsync("/api/rooms", new { kind = "enclave", capacity });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("https://ephemchat.app/problems/invalid-room", problem.Type);
        Assert.Contains("capacity", problem.Errors!.Keys);
    }

    [Theory]
    [InlineData("{\"kind\":\"group\"}", "kind")]
    [InlineData("{}", "kind")]
    [InlineData("{\"kind\":\"ENCLAVE\"}", "kind")]
    [InlineData("{\"kind\":\"private\",\"lifetime\":\"2h\"}", "lifetime")]
    [InlineData("{\"kind\":\"private\",\"lifetime\":\"\"}", "lifetime")]
    [InlineData("{\"kind\":\"enclave\",\"lifetime\":\"1h\"}", "lifetime")]
    public async Task UnknownKindOrLifetimeIsRefusedNamingTheField(string json, string field)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var response = await ada.Client.PostAsync("/api/rooms", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors!.Keys);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
    }

    [Theory]
    [InlineData("{\"kind\":")]
    [InlineData("{\"kind\":\"enclave\",\"capacity\":\"eight\"}")]
    [InlineData("{\"kind\":\"enclave\",\"capacity\":2.5}")]
    public async Task MalformedJsonIsAProblemNotAServerError(string json)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var response = await ada.Client.PostAsync("/api/rooms", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("https://ephemchat.app/problems/malformed-json", problem.Type);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesEveryRoute()
    {
        using var anonymous = fixture.Rooms.CreateBrowserClient();

        var document = await anonymous.GetStringAsync("/api/rooms/openapi/v1.json");

        Assert.Contains("\"/api/rooms/{id}/invite/rotate\"", document);
        Assert.Contains("\"/api/rooms/{id}/dispatches\"", document);
        Assert.Contains("\"/api/rooms/{id}/join\"", document);
    }

    [Fact]
    public async Task EveryRouteRequiresASession()
    {
        using var anonymous = fixture.Rooms.CreateBrowserClient();

        var create = await anonymous.PostAsJsonAsync("/api/rooms", new { kind = "enclave" });
        var list = await anonymous.GetAsync("/api/rooms");
        var read = await anonymous.GetAsync($"/api/rooms/{RoomCalls.UnknownRoomId()}/dispatches");

        Assert.Equal("https://ephemchat.app/problems/session-required", (await create.ProblemAsync(HttpStatusCode.Unauthorized)).Type);
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, read.StatusCode);
    }

    [Fact]
    public async Task AMemberReadsTheRoomWithItsInvite()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var created = await ada.CreateRoomAsync("enclave");

        var room = await (await ada.GetRoomAsync(created.Id)).BodyAsync<RoomBody>(HttpStatusCode.OK);

        Assert.Equal(created.Id, room.Id);
        Assert.Equal(created.Invite, room.Invite);
        Assert.Equal(8, room.Capacity);
    }

    [Theory]
    [InlineData("not-a-room")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AAAAAAAAAA%2BAAAAAAAAAAA")]
    public async Task IllFormedIdsAreAnswered404(string id)
    {
        var ada = await fixture.CreateUserAsync("Ada");

        var response = await ada.GetRoomAsync(id);

        Assert.Equal("https://ephemchat.app/problems/room-not-found", (await response.ProblemAsync(HttpStatusCode.NotFound)).Type);
    }

    [Fact]
    public async Task ANonMemberGetsTheSame404AsForAnUnknownRoom()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var eve = await fixture.CreateUserAsync("Eve");
        var room = await ada.CreateRoomAsync("enclave");

        var existing = await (await eve.GetRoomAsync(room.Id)).ProblemAsync(HttpStatusCode.NotFound);
        var unknown = await (await eve.GetRoomAsync(RoomCalls.UnknownRoomId())).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(unknown, existing);
    }

    [Fact]
    public async Task MyEnclavesListsMyRoomsMostRecentActivityFirstWithNamesAndSecondsLeft()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var older = await ada.CreateRoomAsync("enclave");
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        var newer = await ada.CreateRoomAsync("private", "1h");
        fixture.Time.Advance(TimeSpan.FromSeconds(5));
        await bob.JoinOkAsync(older);
        var notMine = await bob.CreateRoomAsync("enclave");

        var rooms = await (await ada.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK);

        Assert.Equal([older.Id, newer.Id], rooms.Select(r => r.Id));
        Assert.Equal(["Ada", "Bob"], rooms[0].Members.Select(m => m.Name));
        Assert.Equal(3600 - 5, rooms[1].SecondsLeft);
        Assert.DoesNotContain(rooms, r => r.Id == notMine.Id);
    }

    [Fact]
    public async Task APersonMayBeInAtMostAHundredRooms()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var open = await bob.CreateRoomAsync("enclave");
        for (var i = 0; i < fixture.Options.MaxRoomsPerUser; i++)
        {
            await ada.CreateRoomAsync("private");
        }

        var create = await ada.Client.PostAsJsonAsync("/api/rooms", new { kind = "enclave" });
        var join = await ada.JoinAsync(open.Id, open.Invite);

        Assert.Equal(100, fixture.Options.MaxRoomsPerUser);
        Assert.Equal("https://ephemchat.app/problems/too-many-rooms", (await create.ProblemAsync(HttpStatusCode.Conflict)).Type);
        Assert.Equal("https://ephemchat.app/problems/too-many-rooms", (await join.ProblemAsync(HttpStatusCode.Conflict)).Type);
        Assert.Equal(100, (await (await ada.Client.GetAsync("/api/rooms")).BodyAsync<RoomBody[]>(HttpStatusCode.OK)).Length);
    }
}
