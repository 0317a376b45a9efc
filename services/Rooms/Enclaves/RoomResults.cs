namespace EphemChat.Rooms.Enclaves;

/// <summary>Why a room operation did not happen. The API turns each into one stable problem.</summary>
public enum RoomError
{
    None,

    /// <summary>Unknown, ended, or the caller is not a member (existence is never revealed).</summary>
    NotFound,

    /// <summary>A member who may not do this (destroy a group, rotate without being the creator).</summary>
    Forbidden,

    /// <summary>The invite does not match the room's current one.</summary>
    WrongInvite,

    /// <summary>The room has as many members as its capacity.</summary>
    Full,

    /// <summary>The person is already in as many rooms as allowed.</summary>
    TooManyRooms,
}

/// <summary>The member who joined a room, and whether they were not a member before.</summary>
public sealed record JoinResult(RoomError Error, bool Added = false);

/// <summary>Who is still in the room after a leave; the last one out deletes it.</summary>
public sealed record LeaveResult(RoomError Error, bool RoomDeleted = false, IReadOnlyList<string>? Remaining = null);

/// <summary>The members a deleted room had.</summary>
public sealed record DeleteResult(RoomError Error, IReadOnlyList<string>? Members = null);

/// <summary>A posted dispatch, whether it is new, and the members to tell.</summary>
public sealed record PostResult(RoomError Error, bool Created = false, Dispatch? Dispatch = null, IReadOnlyList<string>? Members = null);

/// <summary>A claimed "one minute left" notice.</summary>
public sealed record NoticeClaim(DateTimeOffset ExpiresAt, IReadOnlyList<string> Members);

/// <summary>What a new room is made of, defaults already resolved.</summary>
public sealed record NewRoom(
    string Kind,
    string Origin,
    int Capacity,
    TimeSpan Lifetime,
    bool Slides,
    string? CreatorId,
    IReadOnlyList<NewMember> Members);

/// <summary>A first member of a new room and the name shown to the others.</summary>
public sealed record NewMember(string UserId, string Name);
