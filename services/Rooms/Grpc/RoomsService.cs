using EphemChat.Identity.Grpc;
using EphemChat.Rooms.Enclaves;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using GrpcRooms = EphemChat.Rooms.Grpc.Rooms;

namespace EphemChat.Rooms.Grpc;

/// <summary>Rooms' internal contract: matchmaking creates and leaves rooms, signaling checks membership, identity removes accounts.</summary>
public sealed class RoomsService(
    RoomOperations rooms,
    RoomStore store,
    EphemChat.Identity.Grpc.Identity.IdentityClient identity,
    IOptions<RoomsOptions> options) : GrpcRooms.RoomsBase
{
    public override async Task<Room> CreateRoom(CreateRoomRequest request, ServerCallContext context)
    {
        var kind = request.Kind is { Length: > 0 } k ? k : RoomKinds.Enclave;
        if (request.Origin is { Length: > 0 } origin && origin != RoomOrigins.Match)
        {
            throw Invalid($"origin must be \"{RoomOrigins.Match}\" (or empty): rooms created by people come through the public API.");
        }
        int? capacity = request.Capacity == 0 ? null : request.Capacity;
        var errors = RoomRequestRules.Validate(kind, lifetime: null, capacity, options.Value);
        if (errors.Count > 0)
        {
            throw Invalid(string.Join(" ", errors.Values.SelectMany(e => e)));
        }
        var memberIds = request.MemberIds.ToList();
        var finalCapacity = RoomRequestRules.CapacityFor(kind, capacity, options.Value);
        if (memberIds.Count == 0 || memberIds.Count > finalCapacity)
        {
            throw Invalid($"A room is made for 1 to {finalCapacity} members.");
        }
        if (!memberIds.All(UserIds.IsWellFormed) || memberIds.Distinct(StringComparer.Ordinal).Count() != memberIds.Count)
        {
            throw Invalid("member_ids must be distinct, well-formed user ids.");
        }

        var users = await identity.GetUsersAsync(new GetUsersRequest { Ids = { memberIds } }, cancellationToken: context.CancellationToken);
        var names = users.Users.ToDictionary(u => u.Id, u => u.Name, StringComparer.Ordinal);
        if (memberIds.FirstOrDefault(id => !names.ContainsKey(id)) is { } unknown)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"User {unknown} does not exist (any more)."));
        }

        var (room, _) = await rooms.CreateAsync(kind, lifetime: null, capacity, RoomOrigins.Match, creatorId: null,
            memberIds.Select(id => new NewMember(id, names[id])).ToList(), limitRoomsPerUser: false);
        return ToRoom(room ?? throw new RpcException(new Status(StatusCode.Internal, "The room was not created.")));
    }

    public override async Task<GetMembershipReply> GetMembership(GetMembershipRequest request, ServerCallContext context)
    {
        RequireIds(request.RoomId, request.UserId);
        var room = await store.FindForMemberAsync(request.RoomId, request.UserId);
        return room is null
            ? new GetMembershipReply { IsMember = false }
            : new GetMembershipReply { IsMember = true, ExpiresAt = Timestamp.FromDateTimeOffset(room.ExpiresAt) };
    }

    public override async Task<Room> ListMembers(ListMembersRequest request, ServerCallContext context)
    {
        RequireIds(request.RoomId, userId: null);
        var room = await store.FindAsync(request.RoomId);
        return room is null ? throw NotFound() : ToRoom(room);
    }

    public override async Task<LeaveRoomReply> LeaveRoom(LeaveRoomRequest request, ServerCallContext context)
    {
        RequireIds(request.RoomId, request.UserId);
        var result = await rooms.LeaveAsync(request.RoomId, request.UserId);
        if (result.Error != RoomError.None)
        {
            throw NotFound("The room does not exist, has ended, or the user is not a member.");
        }
        return new LeaveRoomReply { RemainingMemberIds = { result.Remaining ?? [] } };
    }

    public override async Task<RemoveUserReply> RemoveUser(RemoveUserRequest request, ServerCallContext context)
    {
        if (!UserIds.IsWellFormed(request.UserId))
        {
            throw Invalid("user_id must be a well-formed user id.");
        }
        return new RemoveUserReply { RoomsLeft = await rooms.RemoveUserAsync(request.UserId) };
    }

    private static void RequireIds(string roomId, string? userId)
    {
        if (string.IsNullOrEmpty(roomId))
        {
            throw Invalid("room_id is required.");
        }
        if (userId is not null && !UserIds.IsWellFormed(userId))
        {
            throw Invalid("user_id must be a well-formed user id.");
        }
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));

    private static RpcException NotFound(string detail = "The room does not exist or has ended.") =>
        new(new Status(StatusCode.NotFound, detail));

    private static Room ToRoom(Enclaves.Room room) => new()
    {
        Id = room.Id,
        Kind = room.Kind,
        Origin = room.Origin,
        Capacity = room.Capacity,
        CreatorId = room.CreatorId ?? "",
        ExpiresAt = Timestamp.FromDateTimeOffset(room.ExpiresAt),
        Members =
        {
            room.Members.Select(m => new Member { UserId = m.UserId, Name = m.Name, JoinedAt = Timestamp.FromDateTimeOffset(m.JoinedAt) }),
        },
    };
}
