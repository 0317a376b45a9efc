using System.Collections.Concurrent;
using System.Security.Cryptography;
using EphemChat.Rooms.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Matchmaking.Tests.Fakes;

/// <summary>
/// Rooms' gRPC contract with just enough behaviour for matchmaking: rooms with members in memory, every CreateRoom
/// attempt recorded, and failures on demand (always, or at random with a given rate).
/// </summary>
public sealed class RecordingRooms : EphemChat.Rooms.Grpc.Rooms.RoomsBase
{
    private readonly ConcurrentDictionary<string, List<string>> _rooms = new();
    private readonly object _random = new();
    private Random _rng = new(1);

    /// <summary>Every CreateRoom request, failed or not, in arrival order.</summary>
    public ConcurrentQueue<CreateRoomRequest> Attempts { get; } = new();

    /// <summary>The rooms created, in creation order, with their members at creation.</summary>
    public ConcurrentQueue<(string RoomId, string[] Members)> Created { get; } = new();

    /// <summary>Every CreateRoom fails with INTERNAL while set.</summary>
    public bool FailAll { get; set; }

    /// <summary>The share of CreateRoom calls that fail at random (0 = none).</summary>
    public double FailureRate { get; set; }

    public void Reset(int seed = 1)
    {
        _rooms.Clear();
        Attempts.Clear();
        Created.Clear();
        FailAll = false;
        FailureRate = 0;
        _rng = new Random(seed);
    }

    /// <summary>Adds a room directly (a group enclave made elsewhere).</summary>
    public string AddRoom(params string[] members)
    {
        var id = NewId();
        _rooms[id] = [.. members];
        return id;
    }

    /// <summary>The current members of a room, or null when it does not exist.</summary>
    public IReadOnlyList<string>? MembersOf(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var members))
        {
            return null;
        }
        lock (members)
        {
            return [.. members];
        }
    }

    public override Task<Room> CreateRoom(CreateRoomRequest request, ServerCallContext context)
    {
        Attempts.Enqueue(request);
        bool fail;
        lock (_random)
        {
            fail = FailAll || (FailureRate > 0 && _rng.NextDouble() < FailureRate);
        }
        if (fail)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Rooms failed on purpose."));
        }
        var id = NewId();
        _rooms[id] = [.. request.MemberIds];
        Created.Enqueue((id, [.. request.MemberIds]));
        return Task.FromResult(ToRoom(id, request.MemberIds));
    }

    public override Task<Room> ListMembers(ListMembersRequest request, ServerCallContext context) =>
        MembersOf(request.RoomId) is { } members
            ? Task.FromResult(ToRoom(request.RoomId, members))
            : throw new RpcException(new Status(StatusCode.NotFound, "No such room."));

    public override Task<GetMembershipReply> GetMembership(GetMembershipRequest request, ServerCallContext context) =>
        Task.FromResult(new GetMembershipReply { IsMember = MembersOf(request.RoomId)?.Contains(request.UserId) == true });

    public override Task<LeaveRoomReply> LeaveRoom(LeaveRoomRequest request, ServerCallContext context)
    {
        if (!_rooms.TryGetValue(request.RoomId, out var members))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "No such room."));
        }
        lock (members)
        {
            members.Remove(request.UserId);
            return Task.FromResult(new LeaveRoomReply { RemainingMemberIds = { members } });
        }
    }

    private static Room ToRoom(string id, IEnumerable<string> members)
    {
        var room = new Room { Id = id, Kind = "enclave", Origin = "match", Capacity = 2 };
        room.Members.AddRange(members.Select(m => new Member { UserId = m, Name = m }));
        return room;
    }

    private static string NewId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
}
