using System.Text.Json;

namespace EphemChat.Signaling.Hubs;

/// <summary>
/// What the server calls on a browser (docs/API.md). The first four come from the hub itself; the rest arrive
/// through the gRPC <c>Notify</c> of matchmaking and rooms and are passed on as the JSON object they sent.
/// </summary>
public interface ISignalingClient
{
    Task PeerJoined(PeerJoinedEvent message);

    Task PeerLeft(PeerLeftEvent message);

    Task Signal(SignalEvent message);

    Task Typing(TypingEvent message);

    Task MatchFound(JsonElement message);

    Task NoMatch(JsonElement message);

    Task RoomExpiring(JsonElement message);

    Task RoomDestroyed(JsonElement message);

    Task DispatchPosted(JsonElement message);

    Task MemberJoined(JsonElement message);

    Task MemberLeft(JsonElement message);
}

/// <summary>A peer: one hub connection of a member, in one room.</summary>
public sealed record PeerDto(string PeerId, string UserId, string Name);

/// <summary>The answer to <c>EnterRoom</c>: this connection's peer id and the other peers online.</summary>
public sealed record EnterRoomResult(string RoomId, string PeerId, PeerDto[] Peers);

public sealed record PeerJoinedEvent(string RoomId, PeerDto Peer);

public sealed record PeerLeftEvent(string RoomId, string PeerId);

public sealed record SignalEvent(string RoomId, string FromPeer, string Kind, JsonElement Payload, string Id);

public sealed record TypingEvent(string RoomId, string PeerId, string Name);

/// <summary>The events other services may push with <c>Notify</c>, and how each is sent.</summary>
public static class PushedEvents
{
    private static readonly Dictionary<string, Func<ISignalingClient, JsonElement, Task>> s_senders = new(StringComparer.Ordinal)
    {
        ["MatchFound"] = (client, payload) => client.MatchFound(payload),
        ["NoMatch"] = (client, payload) => client.NoMatch(payload),
        ["RoomExpiring"] = (client, payload) => client.RoomExpiring(payload),
        ["RoomDestroyed"] = (client, payload) => client.RoomDestroyed(payload),
        ["DispatchPosted"] = (client, payload) => client.DispatchPosted(payload),
        ["MemberJoined"] = (client, payload) => client.MemberJoined(payload),
        ["MemberLeft"] = (client, payload) => client.MemberLeft(payload),
    };

    /// <summary>The event names accepted by <c>Notify</c>.</summary>
    public static IReadOnlyCollection<string> Names => s_senders.Keys;

    /// <summary>The sender of a known event, or null for any other name.</summary>
    public static Func<ISignalingClient, JsonElement, Task>? Sender(string eventName) => s_senders.GetValueOrDefault(eventName);
}
