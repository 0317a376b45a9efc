using Grpc.Core;
using GrpcRooms = EphemChat.Rooms.Grpc.Rooms;

namespace EphemChat.Rooms.Grpc;

/// <summary>Rooms' internal contract (first version: membership is always refused until rooms exist).</summary>
public sealed class RoomsService : GrpcRooms.RoomsBase
{
    public override Task<GetMembershipReply> GetMembership(GetMembershipRequest request, ServerCallContext context) =>
        Task.FromResult(new GetMembershipReply { IsMember = false });
}
