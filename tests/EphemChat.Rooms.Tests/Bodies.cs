using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EphemChat.Rooms.Tests;

// The public JSON as a browser reads it (docs/API.md), deliberately not the service's own types.

public sealed record MemberBody(string Id, string Name, DateTimeOffset JoinedAt);

public sealed record RoomBody(
    string Id,
    string Kind,
    int Capacity,
    string? CreatorId,
    string Origin,
    IReadOnlyList<MemberBody> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset ExpiresAt,
    long SecondsLeft,
    string Invite);

public sealed record EnvelopeBody(string Id, long Seq, string SenderId, string Ciphertext, string Iv, DateTimeOffset PostedAt);

public sealed record PageBody(IReadOnlyList<EnvelopeBody> Items, long Next);

public sealed record ProblemBody(string Type, string Title, int Status, Dictionary<string, string[]>? Errors);

/// <summary>The calls a browser makes, kept short in the tests.</summary>
public static class RoomCalls
{
    public const string ProblemJson = "application/problem+json";

    public static async Task<RoomBody> CreateRoomAsync(this TestUser user, string kind = "enclave", string? lifetime = null, int? capacity = null)
    {
        var response = await user.Client.PostAsJsonAsync("/api/rooms", new { kind, lifetime, capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RoomBody>())!;
    }

    public static Task<HttpResponseMessage> JoinAsync(this TestUser user, string roomId, string? invite) =>
        user.Client.PostAsJsonAsync($"/api/rooms/{roomId}/join", new { invite });

    public static async Task<RoomBody> JoinOkAsync(this TestUser user, RoomBody room)
    {
        var response = await user.JoinAsync(room.Id, room.Invite);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<RoomBody>())!;
    }

    public static Task<HttpResponseMessage> GetRoomAsync(this TestUser user, string roomId) => user.Client.GetAsync($"/api/rooms/{roomId}");

    public static Task<HttpResponseMessage> PostDispatchAsync(this TestUser user, string roomId, object envelope) =>
        user.Client.PostAsJsonAsync($"/api/rooms/{roomId}/dispatches", envelope);

    public static Task<HttpResponseMessage> PostDispatchAsync(this TestUser user, string roomId, string id, int ciphertextBytes = 32) =>
        user.PostDispatchAsync(roomId, Envelope(id, ciphertextBytes));

    public static object Envelope(string id, int ciphertextBytes = 32, int ivBytes = 12) => new
    {
        id,
        ciphertext = Base64Url(ciphertextBytes),
        iv = Base64Url(ivBytes),
    };

    /// <summary>Random bytes in unpadded base64url, as a browser's WebCrypto output would be sent.</summary>
    public static string Base64Url(int bytes) => System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes));

    public static async Task<ProblemBody> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(ProblemJson, response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemBody>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }

    public static async Task<T> BodyAsync<T>(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    /// <summary>The same user ids, in any order (members who joined in the same millisecond are ordered by id).</summary>
    public static void SameIds(IEnumerable<string> expected, IEnumerable<string> actual) =>
        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));

    /// <summary>A well-formed room id that no room has.</summary>
    public static string UnknownRoomId() => Base64Url(16);
}
