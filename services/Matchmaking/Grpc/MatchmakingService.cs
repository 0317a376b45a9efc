using EphemChat.Matchmaking.Matching;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using GrpcMatchmaking = EphemChat.Matchmaking.Grpc.Matchmaking;

namespace EphemChat.Matchmaking.Grpc;

/// <summary>Matchmaking's internal contract: signaling and identity end searches; anyone may read a search state.</summary>
public sealed class MatchmakingService(PairingEngine engine) : GrpcMatchmaking.MatchmakingBase
{
    public override async Task<CancelSearchReply> CancelSearch(CancelSearchRequest request, ServerCallContext context)
    {
        RequireUserId(request.UserId);
        return new CancelSearchReply { WasSearching = await engine.EndSearchAsync(request.UserId, ToSearchEnd(request.Reason)) };
    }

    public override async Task<SearchState> GetSearchState(GetSearchStateRequest request, ServerCallContext context)
    {
        RequireUserId(request.UserId);
        return ToProto(await engine.GetAsync(request.UserId));
    }

    private static void RequireUserId(string userId)
    {
        if (!Ids.IsWellFormed(userId))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"user_id must be 1–{Ids.MaxLength} characters of A–Z, a–z, 0–9, '-' and '_'."));
        }
    }

    // The reason is a metric tag: only known values, so that a caller cannot blow up its cardinality.
    private static SearchEnd ToSearchEnd(string reason) => reason switch
    {
        "disconnected" => SearchEnd.Disconnected,
        "deleted" => SearchEnd.Deleted,
        _ => SearchEnd.Other,
    };

    private static SearchState ToProto(SearchStatus status)
    {
        var reply = new SearchState { State = status.State, RoomId = status.RoomId ?? "" };
        if (status.Since is { } since)
        {
            reply.Since = Timestamp.FromDateTimeOffset(since);
        }
        reply.Interests.AddRange(status.Interests ?? []);
        return reply;
    }
}
