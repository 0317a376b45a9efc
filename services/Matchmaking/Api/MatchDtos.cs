using System.Text.Json.Serialization;
using EphemChat.Matchmaking.Matching;

namespace EphemChat.Matchmaking.Api;

/// <summary>The body of <c>POST /search</c>; the body itself is optional.</summary>
public sealed record SearchRequest(IReadOnlyList<string?>? Interests);

/// <summary>The body of <c>POST /skip</c> and <c>POST /block</c>.</summary>
public sealed record RoomRequest(string? RoomId);

/// <summary><c>SearchState = {state, since?, roomId?, interests?}</c> of docs/API.md.</summary>
public sealed record SearchStateDto(
    string State,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Since,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RoomId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Interests)
{
    public static SearchStateDto From(SearchStatus status) => new(status.State, status.Since, status.RoomId, status.Interests);
}
