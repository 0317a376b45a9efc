using System.Diagnostics;
using System.Text.Json;
using EphemChat.Signaling.Grpc;
using Grpc.Core;

namespace EphemChat.Rooms.Enclaves;

/// <summary>
/// Tells members about their rooms through <c>signaling.Notify</c>. A failed notification never fails the change
/// that caused it (the change is already stored and clients catch up on their next read): it is logged, without any
/// payload, and counted.
/// </summary>
public sealed partial class RoomNotifier(
    EphemChat.Signaling.Grpc.Signaling.SignalingClient signaling, RoomsMetrics metrics, ILogger<RoomNotifier> logger)
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    public async Task NotifyAsync<TEvent>(IReadOnlyCollection<string> userIds, string eventName, string roomId, TEvent payload)
    {
        if (userIds.Count == 0)
        {
            return;
        }
        var request = new NotifyRequest { Event = eventName, PayloadJson = JsonSerializer.Serialize(payload, s_json) };
        request.UserIds.AddRange(userIds);
        try
        {
            // Not the request's token: a client that hangs up must not keep the others from hearing about it.
            await signaling.NotifyAsync(request);
        }
        catch (Exception ex) when (ex is RpcException or HttpRequestException or InvalidOperationException)
        {
            metrics.NotifyFailed(eventName);
            LogNotifyFailed(logger, eventName, roomId, userIds.Count, (ex as RpcException)?.StatusCode.ToString() ?? ex.GetType().Name,
                Activity.Current?.TraceId.ToString());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Could not tell {Recipients} member(s) {Event} for room {RoomId}: {Failure} (trace {TraceId})")]
    private static partial void LogNotifyFailed(ILogger logger, string @event, string roomId, int recipients, string failure, string? traceId);
}
