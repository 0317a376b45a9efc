using Grpc.Core;
using GrpcMatchmaking = EphemChat.Matchmaking.Grpc.Matchmaking;

namespace EphemChat.Matchmaking.Grpc;

/// <summary>Matchmaking's internal contract (first version).</summary>
public sealed class MatchmakingService : GrpcMatchmaking.MatchmakingBase
{
    public override Task<SearchState> GetSearchState(GetSearchStateRequest request, ServerCallContext context) =>
        Task.FromResult(new SearchState { State = "idle" });
}
