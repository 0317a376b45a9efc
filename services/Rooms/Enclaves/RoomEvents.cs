namespace EphemChat.Rooms.Enclaves;

/// <summary>The hub events rooms sends to browsers through signaling, named and shaped as in <c>docs/API.md</c>.</summary>
public static class RoomEvents
{
    public const string MemberJoined = "MemberJoined";
    public const string MemberLeft = "MemberLeft";
    public const string RoomDestroyed = "RoomDestroyed";
    public const string RoomExpiring = "RoomExpiring";
    public const string DispatchPosted = "DispatchPosted";

    /// <summary>The reasons of <c>RoomDestroyed</c>.</summary>
    public const string ReasonExpired = "expired";
    public const string ReasonDestroyed = "destroyed";
}

public sealed record MemberRef(string Id, string Name);

public sealed record MemberJoinedEvent(string RoomId, MemberRef Member);

public sealed record MemberLeftEvent(string RoomId, string MemberId);

public sealed record RoomDestroyedEvent(string RoomId, string Reason);

public sealed record RoomExpiringEvent(string RoomId, long SecondsLeft);

public sealed record DispatchPostedEvent(string RoomId, string DispatchId, long Seq, string SenderId);
