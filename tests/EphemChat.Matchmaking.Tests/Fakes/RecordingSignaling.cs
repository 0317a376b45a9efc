using System.Collections.Concurrent;
using System.Text.Json;
using EphemChat.Signaling.Grpc;
using Grpc.Core;

namespace EphemChat.Matchmaking.Tests.Fakes;

/// <summary>One pushed event: to whom, which hub method, its payload.</summary>
public sealed record Notification(IReadOnlyList<string> UserIds, string Event, JsonElement Payload);

/// <summary>Signaling's gRPC contract that records every Notify.</summary>
public sealed class RecordingSignaling : EphemChat.Signaling.Grpc.Signaling.SignalingBase
{
    public ConcurrentQueue<Notification> Notifications { get; } = new();

    /// <summary>Every Notify fails with INTERNAL (after being recorded) while set.</summary>
    public bool FailAll { get; set; }

    public void Reset()
    {
        Notifications.Clear();
        FailAll = false;
    }

    /// <summary>The events of one name sent to one user.</summary>
    public IReadOnlyList<JsonElement> SentTo(string userId, string eventName) =>
        Notifications.Where(n => n.Event == eventName && n.UserIds.Contains(userId)).Select(n => n.Payload).ToList();

    public override Task<NotifyReply> Notify(NotifyRequest request, ServerCallContext context)
    {
        Notifications.Enqueue(new Notification([.. request.UserIds], request.Event, JsonDocument.Parse(request.PayloadJson).RootElement.Clone()));
        if (FailAll)
        {
            throw new RpcException(new Status(StatusCode.Internal, "Signaling failed on purpose."));
        }
        return Task.FromResult(new NotifyReply { Connections = request.UserIds.Count });
    }
}
