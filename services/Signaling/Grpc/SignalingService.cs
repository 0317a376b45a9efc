using Grpc.Core;
using GrpcSignaling = EphemChat.Signaling.Grpc.Signaling;

namespace EphemChat.Signaling.Grpc;

/// <summary>Signaling's internal contract (first version: nobody is connected yet).</summary>
public sealed class SignalingService : GrpcSignaling.SignalingBase
{
    public override Task<GetPresenceReply> GetPresence(GetPresenceRequest request, ServerCallContext context) =>
        Task.FromResult(new GetPresenceReply());
}
