using System.Collections.Concurrent;
using EphemChat.Rooms.Grpc;
using Grpc.Core;

namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>Rooms' membership check, answered from memberships the test grants; records every question.</summary>
public sealed class FakeRooms : EphemChat.Rooms.Grpc.Rooms.RoomsBase
{
    private readonly ConcurrentDictionary<(string Room, string User), bool> _members = new();

    public ConcurrentQueue<GetMembershipRequest> Checks { get; } = new();

    /// <summary>A new room id (base64url-like) with these users as members.</summary>
    public string CreateRoom(params string[] userIds)
    {
        var roomId = "r" + Guid.NewGuid().ToString("N");
        Admit(roomId, userIds);
        return roomId;
    }

    public void Admit(string roomId, params string[] userIds)
    {
        foreach (var userId in userIds)
        {
            _members[(roomId, userId)] = true;
        }
    }

    public void Revoke(string roomId, string userId) => _members.TryRemove((roomId, userId), out _);

    public override Task<GetMembershipReply> GetMembership(GetMembershipRequest request, ServerCallContext context)
    {
        Checks.Enqueue(request);
        return Task.FromResult(new GetMembershipReply { IsMember = _members.ContainsKey((request.RoomId, request.UserId)) });
    }
}
