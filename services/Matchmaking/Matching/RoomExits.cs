using EphemChat.Rooms.Grpc;
using Grpc.Core;

namespace EphemChat.Matchmaking.Matching;

/// <summary>How leaving a matched enclave went.</summary>
public enum ExitOutcome
{
    /// <summary>Left (and searching again, or the block recorded).</summary>
    Done,

    /// <summary>The room does not exist or the user is not a member of it.</summary>
    NotMember,

    /// <summary>The room is not a two-person enclave, so there is nobody single to block.</summary>
    NotAPair,

    /// <summary>Rooms did not answer.</summary>
    RoomsUnavailable,
}

/// <summary>
/// Skip (leave this enclave and search again) and block (leave it and never be matched with the other member again).
/// The other member is the one other person in a two-person room; when that person already left, the pair this
/// room was matched for (recorded by matchmaking) names them, so a rude partner cannot escape a block by leaving first.
/// </summary>
public sealed class RoomExits(SearchStore store, PairingEngine engine, EphemChat.Rooms.Grpc.Rooms.RoomsClient rooms, TimeProvider time)
{
    /// <summary>Leaves the room, remembers the partner as recently paired and searches again with the last interests.</summary>
    public async Task<(ExitOutcome Outcome, SearchStatus? Status)> SkipAsync(string userId, string name, string roomId)
    {
        var (outcome, partner, _) = await FindPartnerAsync(roomId, userId);
        if (outcome != ExitOutcome.Done)
        {
            return (outcome, null);
        }
        if (!await TryLeaveAsync(roomId, userId))
        {
            return (ExitOutcome.RoomsUnavailable, null);
        }

        var now = time.GetUtcNow();
        if (partner is not null)
        {
            await store.RememberRecentAsync(userId, partner, now);
        }
        await store.ForgetMatchAsync(userId, roomId, now);
        // Already searching (say, from another tab): skipping leaves the room and keeps that search.
        var status = await engine.SearchAsync(userId, name, await store.LastInterestsAsync(userId)) ?? await engine.GetAsync(userId);
        return (ExitOutcome.Done, status);
    }

    /// <summary>Blocks the other member of a two-person room for the block duration, then leaves the room.</summary>
    public async Task<ExitOutcome> BlockAsync(string userId, string roomId)
    {
        var (outcome, partner, isGroup) = await FindPartnerAsync(roomId, userId);
        if (outcome != ExitOutcome.Done)
        {
            return outcome;
        }
        if (partner is null || isGroup)
        {
            return ExitOutcome.NotAPair;
        }

        var now = time.GetUtcNow();
        await store.BlockAsync(userId, partner, now);
        if (!await TryLeaveAsync(roomId, userId))
        {
            // The block holds; the room stays in the list until the user leaves it again or it expires.
            return ExitOutcome.RoomsUnavailable;
        }
        await store.ForgetMatchAsync(userId, roomId, now);
        return ExitOutcome.Done;
    }

    private async Task<(ExitOutcome Outcome, string? Partner, bool IsGroup)> FindPartnerAsync(string roomId, string userId)
    {
        Room room;
        try
        {
            room = await rooms.ListMembersAsync(new ListMembersRequest { RoomId = roomId });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            return (ExitOutcome.NotMember, null, false);
        }
        catch (RpcException)
        {
            return (ExitOutcome.RoomsUnavailable, null, false);
        }

        if (!room.Members.Any(m => m.UserId == userId))
        {
            return (ExitOutcome.NotMember, null, false);
        }
        var others = room.Members.Where(m => m.UserId != userId).Select(m => m.UserId).Distinct().ToList();
        return others.Count switch
        {
            1 => (ExitOutcome.Done, others[0], false),
            0 => (ExitOutcome.Done, await store.PartnerInRoomAsync(roomId, userId), false),
            _ => (ExitOutcome.Done, null, true),
        };
    }

    private async Task<bool> TryLeaveAsync(string roomId, string userId)
    {
        try
        {
            await rooms.LeaveRoomAsync(new LeaveRoomRequest { RoomId = roomId, UserId = userId });
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.NotFound)
        {
            // Gone between the membership check and now (expired or destroyed): left either way.
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }
}
