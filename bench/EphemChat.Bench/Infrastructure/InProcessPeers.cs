using System.Security.Cryptography;
using EphemChat.Rooms.Grpc;
using EphemChat.Signaling.Grpc;
using Grpc.Core;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// Rooms and signaling answered in process after a fixed latency, so that the matchmaking scenario measures the
/// engine and the store rather than peers that do not exist yet. (The system scenario goes through the gateway.)
/// </summary>
public sealed class InProcessRooms(TimeSpan latency) : EphemChat.Rooms.Grpc.Rooms.RoomsClient
{
    public override AsyncUnaryCall<Room> CreateRoomAsync(CreateRoomRequest request, CallOptions options) =>
        Call(async () =>
        {
            await Delay(latency, options.CancellationToken);
            var room = new Room { Id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)), Kind = request.Kind, Origin = request.Origin, Capacity = 2 };
            room.Members.AddRange(request.MemberIds.Select(id => new Member { UserId = id }));
            return room;
        });

    public override AsyncUnaryCall<LeaveRoomReply> LeaveRoomAsync(LeaveRoomRequest request, CallOptions options) =>
        Call(async () =>
        {
            await Delay(latency, options.CancellationToken);
            return new LeaveRoomReply();
        });

    internal static AsyncUnaryCall<T> Call<T>(Func<Task<T>> answer) =>
        new(answer(), Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    internal static Task Delay(TimeSpan latency, CancellationToken cancellationToken) =>
        latency > TimeSpan.Zero ? Task.Delay(latency, cancellationToken) : Task.CompletedTask;
}

/// <summary>Signaling's Notify, answered in process after a fixed latency; counts the events.</summary>
public sealed class InProcessSignaling(TimeSpan latency) : EphemChat.Signaling.Grpc.Signaling.SignalingClient
{
    private long _notifications;

    public long Notifications => Interlocked.Read(ref _notifications);

    public override AsyncUnaryCall<NotifyReply> NotifyAsync(NotifyRequest request, CallOptions options) =>
        InProcessRooms.Call(async () =>
        {
            await InProcessRooms.Delay(latency, options.CancellationToken);
            Interlocked.Increment(ref _notifications);
            return new NotifyReply { Connections = request.UserIds.Count };
        });
}
