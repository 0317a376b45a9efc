using System.Diagnostics.Metrics;
using EphemChat.ServiceDefaults;

namespace EphemChat.Signaling.Telemetry;

/// <summary>The instruments of signaling, on the service's one <see cref="ServiceTelemetry.Meter"/>.</summary>
public sealed class SignalingMetrics
{
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _signals;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _expired;

    public SignalingMetrics(ServiceTelemetry telemetry)
    {
        var meter = telemetry.Meter;
        _connections = meter.CreateUpDownCounter<long>("ephemchat.signaling.connections", "{connection}",
            "Hub connections open on this replica.");
        _signals = meter.CreateCounter<long>("ephemchat.signaling.signals.relayed", "{signal}",
            "WebRTC signals relayed from one peer to another.");
        _notifications = meter.CreateCounter<long>("ephemchat.signaling.notifications.pushed", "{notification}",
            "Events pushed to users through Notify.");
        _rejections = meter.CreateCounter<long>("ephemchat.signaling.rejections", "{rejection}",
            "Handshakes and hub calls refused, by reason.");
        _expired = meter.CreateCounter<long>("ephemchat.signaling.presence.expired", "{connection}",
            "Connections of dead replicas whose presence expired and was swept.");
    }

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void SignalRelayed(string kind) => _signals.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void NotificationPushed(string eventName, int users) =>
        _notifications.Add(users, new KeyValuePair<string, object?>("event", eventName));

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PresenceExpired() => _expired.Add(1);
}

/// <summary>The reasons counted by <see cref="SignalingMetrics.Rejected"/>.</summary>
public static class RejectionReasons
{
    public const string Origin = "origin";
    public const string TokenInUrl = "token-in-url";
    public const string RateLimit = "rate-limit";
    public const string NotMember = "not-member";
    public const string TooManyRooms = "too-many-rooms";
    public const string PayloadTooLarge = "payload-too-large";
    public const string InvalidArgument = "invalid-argument";
    public const string NotInRoom = "not-in-room";
    public const string PeerGone = "peer-gone";
    public const string Duplicate = "duplicate-signal";
    public const string Unavailable = "unavailable";
}
