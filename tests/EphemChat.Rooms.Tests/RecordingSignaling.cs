using System.Collections.Concurrent;
using System.Text.Json;
using EphemChat.Signaling.Grpc;
using Grpc.Core;

namespace EphemChat.Rooms.Tests;

/// <summary>One Notify call as signaling received it.</summary>
public sealed record RecordedEvent(string Event, IReadOnlyList<string> UserIds, JsonElement Payload)
{
    public string? RoomId => Payload.TryGetProperty("roomId", out var id) ? id.GetString() : null;
}

/// <summary>Signaling's contract, hosted for real over gRPC, recording every Notify (and failing on demand).</summary>
public sealed class RecordingSignaling : EphemChat.Signaling.Grpc.Signaling.SignalingBase
{
    private readonly ConcurrentQueue<RecordedEvent> _events = new();

    /// <summary>When set, Notify fails as an unreachable signaling would.</summary>
    public volatile bool Fail;

    public override Task<NotifyReply> Notify(NotifyRequest request, ServerCallContext context)
    {
        if (Fail)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "signaling is down (test)"));
        }
        using var payload = JsonDocument.Parse(request.PayloadJson);
        _events.Enqueue(new RecordedEvent(request.Event, request.UserIds.ToList(), payload.RootElement.Clone()));
        return Task.FromResult(new NotifyReply { Connections = request.UserIds.Count });
    }

    /// <summary>Every event recorded for one room, in order.</summary>
    public IReadOnlyList<RecordedEvent> For(string roomId) => _events.Where(e => e.RoomId == roomId).ToList();

    /// <summary>Every event of one name recorded for one room.</summary>
    public IReadOnlyList<RecordedEvent> For(string roomId, string eventName) => For(roomId).Where(e => e.Event == eventName).ToList();
}
