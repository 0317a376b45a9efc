namespace EphemChat.Rooms.Enclaves;

/// <summary>A room as stored. <see cref="CreatorId"/> is null for matched rooms, which have no creator.</summary>
public sealed record Room(
    string Id,
    string Kind,
    string Origin,
    int Capacity,
    string? CreatorId,
    string Invite,
    IReadOnlyList<RoomMember> Members,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset ExpiresAt)
{
    public bool HasMember(string userId) => Members.Any(m => m.UserId == userId);

    /// <summary>Whole seconds until the end, rounded up so that a live room never shows 0.</summary>
    public long SecondsLeft(DateTimeOffset now) =>
        ExpiresAt <= now ? 0 : (long)Math.Ceiling((ExpiresAt - now).TotalSeconds);
}

/// <summary>A member with the display name they had when they joined.</summary>
public sealed record RoomMember(string UserId, string Name, DateTimeOffset JoinedAt);
