using System.Collections.Concurrent;
using EphemChat.Matchmaking.Grpc;
using EphemChat.Rooms.Grpc;
using Grpc.Core;

namespace EphemChat.Identity.Tests.Support;

/// <summary>Rooms as identity sees it: records every <c>RemoveUser</c>.</summary>
public sealed class RecordingRooms : Rooms.Grpc.Rooms.RoomsBase
{
    public ConcurrentQueue<string> RemovedUsers { get; } = new();

    public override Task<RemoveUserReply> RemoveUser(RemoveUserRequest request, ServerCallContext context)
    {
        RemovedUsers.Enqueue(request.UserId);
        return Task.FromResult(new RemoveUserReply { RoomsLeft = 0 });
    }
}

/// <summary>Matchmaking as identity sees it: records every <c>CancelSearch</c> with its reason.</summary>
public sealed class RecordingMatchmaking : Matchmaking.Grpc.Matchmaking.MatchmakingBase
{
    public ConcurrentQueue<(string UserId, string Reason)> Cancelled { get; } = new();

    public override Task<CancelSearchReply> CancelSearch(CancelSearchRequest request, ServerCallContext context)
    {
        Cancelled.Enqueue((request.UserId, request.Reason));
        return Task.FromResult(new CancelSearchReply { WasSearching = false });
    }
}
