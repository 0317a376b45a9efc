using Microsoft.Extensions.Options;

namespace EphemChat.Rooms.Enclaves;

/// <summary>
/// What happens to a room, for the public API, gRPC and the sweeper alike: the change in the store, then the
/// members told, then the metric. Callers validate input first.
/// </summary>
public sealed class RoomOperations(RoomStore store, RoomNotifier notifier, RoomsMetrics metrics, IOptions<RoomsOptions> options)
{
    private readonly RoomsOptions _options = options.Value;

    /// <summary>Creates a room from a request that passed <see cref="RoomRequestRules.Validate"/>.</summary>
    public async Task<(Room? Room, RoomError Error)> CreateAsync(
        string kind, string? lifetime, int? capacity, string origin, string? creatorId, IReadOnlyList<NewMember> members, bool limitRoomsPerUser)
    {
        var (span, slides) = RoomRequestRules.LifetimeFor(kind, lifetime, _options);
        var spec = new NewRoom(kind, origin, RoomRequestRules.CapacityFor(kind, capacity, _options), span, slides, creatorId, members);
        var (room, error) = await store.CreateAsync(spec, limitRoomsPerUser);
        if (room is not null)
        {
            metrics.RoomCreated(kind, origin);
        }
        return (room, error);
    }

    /// <summary>Joins with an invite; a new member is announced to every member (their own other tabs included).</summary>
    public async Task<(Room? Room, RoomError Error)> JoinAsync(string roomId, string userId, string name, string invite)
    {
        var result = await store.JoinAsync(roomId, userId, name, invite, limitRoomsPerUser: true);
        if (result.Error != RoomError.None)
        {
            return (null, result.Error);
        }
        var room = await store.FindForMemberAsync(roomId, userId);
        if (room is null)
        {
            // Destroyed between the join and the read.
            return (null, RoomError.NotFound);
        }
        if (result.Added)
        {
            await notifier.NotifyAsync(room.Members.Select(m => m.UserId).ToList(), RoomEvents.MemberJoined, roomId,
                new MemberJoinedEvent(roomId, new MemberRef(userId, name)));
        }
        return (room, RoomError.None);
    }

    /// <summary>Leaves a room; the others are told, and the last one out deletes it.</summary>
    public async Task<LeaveResult> LeaveAsync(string roomId, string userId)
    {
        var result = await store.LeaveAsync(roomId, userId);
        if (result.Error != RoomError.None)
        {
            return result;
        }
        if (result.RoomDeleted)
        {
            metrics.RoomDestroyed(RoomsMetrics.ReasonEmptied);
        }
        else
        {
            await notifier.NotifyAsync(result.Remaining ?? [], RoomEvents.MemberLeft, roomId, new MemberLeftEvent(roomId, userId));
        }
        return result;
    }

    /// <summary>Destroy now: every key goes at once and every member is told.</summary>
    public async Task<RoomError> DestroyAsync(string roomId, string actorId)
    {
        var result = await store.DestroyAsync(roomId, actorId);
        if (result.Error == RoomError.None)
        {
            metrics.RoomDestroyed(RoomEvents.ReasonDestroyed);
            await notifier.NotifyAsync(result.Members ?? [], RoomEvents.RoomDestroyed, roomId,
                new RoomDestroyedEvent(roomId, RoomEvents.ReasonDestroyed));
        }
        return result.Error;
    }

    /// <summary>Ends a room whose deadline passed; true when this caller did it (and told the members).</summary>
    public async Task<bool> ExpireAsync(string roomId)
    {
        var result = await store.ExpireAsync(roomId);
        if (result.Error != RoomError.None)
        {
            return false;
        }
        metrics.RoomDestroyed(RoomEvents.ReasonExpired);
        await notifier.NotifyAsync(result.Members ?? [], RoomEvents.RoomDestroyed, roomId,
            new RoomDestroyedEvent(roomId, RoomEvents.ReasonExpired));
        return true;
    }

    /// <summary>Sends the "about to end" notice once; true when this caller did.</summary>
    public async Task<bool> NoticeAsync(string roomId, DateTimeOffset now)
    {
        var claim = await store.ClaimNoticeAsync(roomId);
        if (claim is null)
        {
            return false;
        }
        var secondsLeft = (long)Math.Ceiling((claim.ExpiresAt - now).TotalSeconds);
        await notifier.NotifyAsync(claim.Members, RoomEvents.RoomExpiring, roomId, new RoomExpiringEvent(roomId, secondsLeft));
        return true;
    }

    /// <summary>Stores an envelope; a new one is announced to every member.</summary>
    public async Task<PostResult> PostDispatchAsync(string roomId, string senderId, string dispatchId, string ciphertext, string iv)
    {
        var result = await store.PostDispatchAsync(roomId, senderId, dispatchId, ciphertext, iv);
        if (result is { Created: true, Dispatch: { } dispatch })
        {
            metrics.DispatchPosted();
            await notifier.NotifyAsync(result.Members ?? [], RoomEvents.DispatchPosted, roomId,
                new DispatchPostedEvent(roomId, dispatch.Id, dispatch.Seq, senderId));
        }
        return result;
    }

    /// <summary>Removes a deleted account from every room it is in; returns how many it left.</summary>
    public async Task<int> RemoveUserAsync(string userId)
    {
        var left = 0;
        foreach (var roomId in await store.RoomIdsOfUserAsync(userId))
        {
            if ((await LeaveAsync(roomId, userId)).Error == RoomError.None)
            {
                left++;
            }
        }
        await store.ForgetUserAsync(userId);
        return left;
    }
}
