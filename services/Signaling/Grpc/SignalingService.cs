using System.Text.Json;
using EphemChat.Signaling.Hubs;
using EphemChat.Signaling.Presence;
using EphemChat.Signaling.Telemetry;
using Google.Protobuf.Collections;
using Grpc.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using GrpcSignaling = EphemChat.Signaling.Grpc.Signaling;

namespace EphemChat.Signaling.Grpc;

/// <summary>Signaling's internal contract: other services push events to users, and ask who is online.</summary>
public sealed class SignalingService(
    IHubContext<SignalingHub, ISignalingClient> hub,
    PresenceStore presence,
    RoomEvictions evictions,
    IOptions<SignalingOptions> options,
    TimeProvider time,
    SignalingMetrics metrics) : GrpcSignaling.SignalingBase
{
    /// <summary>Sends a known event to every connection of the users, on every replica (through the backplane).</summary>
    public override async Task<NotifyReply> Notify(NotifyRequest request, ServerCallContext context)
    {
        var send = PushedEvents.Sender(request.Event)
            ?? throw Invalid($"Unknown event. Known events: {string.Join(", ", PushedEvents.Names)}.");
        var users = ValidUserIds(request.UserIds);
        var payload = ParsePayload(request.PayloadJson);

        // A member who left (or a destroyed room) stops being a peer there before anyone hears of it.
        await evictions.ApplyAsync(request.Event, payload);
        await send(hub.Clients.Users(users), payload);
        metrics.NotificationPushed(request.Event, users.Count);
        var connections = await presence.CountConnectionsAsync(users, time.GetUtcNow());
        return new NotifyReply { Connections = (int)Math.Min(connections, int.MaxValue) };
    }

    /// <summary>The users among these with at least one live connection on any replica.</summary>
    public override async Task<GetPresenceReply> GetPresence(GetPresenceRequest request, ServerCallContext context)
    {
        var users = ValidUserIds(request.UserIds);
        var reply = new GetPresenceReply();
        reply.OnlineUserIds.AddRange(await presence.GetOnlineUsersAsync(users, time.GetUtcNow()));
        return reply;
    }

    private IReadOnlyList<string> ValidUserIds(RepeatedField<string> userIds)
    {
        if (userIds.Count == 0 || userIds.Count > options.Value.MaxUsersPerCall)
        {
            throw Invalid($"Name 1 to {options.Value.MaxUsersPerCall} users.");
        }
        if (userIds.Any(id => !PeerIds.IsValidId(id, options.Value.MaxIdLength)))
        {
            throw Invalid("A user id is empty or not URL-safe.");
        }
        return [.. userIds.Distinct(StringComparer.Ordinal)];
    }

    private JsonElement ParsePayload(string json)
    {
        if (json.Length > options.Value.MaxNotifyPayloadLength)
        {
            throw Invalid($"The payload is larger than {options.Value.MaxNotifyPayloadLength} characters.");
        }
        try
        {
            using var document = JsonDocument.Parse(json.Length == 0 ? "{}" : json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw Invalid("The payload must be a JSON object.");
        }
        catch (JsonException)
        {
            throw Invalid("The payload is not valid JSON.");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
