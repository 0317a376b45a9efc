using EphemChat.Rooms.Enclaves;

namespace EphemChat.Rooms.Api;

public sealed record CreateRoomRequest(string? Kind, string? Lifetime, int? Capacity);

public sealed record JoinRoomRequest(string? Invite);

public sealed record PostDispatchRequest(string? Id, string? Ciphertext, string? Iv);

public sealed record MemberDto(string Id, string Name, DateTimeOffset JoinedAt);

/// <summary><c>Room</c> of <c>docs/API.md</c>; only members ever see one, so the invite is always included.</summary>
public sealed record RoomDto(
    string Id,
    string Kind,
    int Capacity,
    string? CreatorId,
    string Origin,
    IReadOnlyList<MemberDto> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset ExpiresAt,
    long SecondsLeft,
    string Invite)
{
    public static RoomDto From(Room room, DateTimeOffset now) => new(
        room.Id,
        room.Kind,
        room.Capacity,
        room.CreatorId,
        room.Origin,
        room.Members.Select(m => new MemberDto(m.UserId, m.Name, m.JoinedAt)).ToList(),
        room.CreatedAt,
        room.LastActivityAt,
        room.ExpiresAt,
        room.SecondsLeft(now),
        room.Invite);
}

public sealed record InviteDto(string Invite);

/// <summary><c>Envelope</c> of <c>docs/API.md</c>.</summary>
public sealed record EnvelopeDto(string Id, long Seq, string SenderId, string Ciphertext, string Iv, DateTimeOffset PostedAt)
{
    public static EnvelopeDto From(Dispatch d) => new(d.Id, d.Seq, d.SenderId, d.Ciphertext, d.Iv, d.PostedAt);
}

/// <summary>A page of envelopes, oldest first; pass <see cref="Next"/> as <c>after</c> to read on.</summary>
public sealed record EnvelopePageDto(IReadOnlyList<EnvelopeDto> Items, long Next);
