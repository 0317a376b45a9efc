using System.Diagnostics.Metrics;
using EphemChat.ServiceDefaults;

namespace EphemChat.Rooms.Enclaves;

/// <summary>The instruments of rooms, on the service's one meter.</summary>
public sealed class RoomsMetrics
{
    private readonly Counter<long> _created;
    private readonly Counter<long> _destroyed;
    private readonly Counter<long> _dispatches;
    private readonly Counter<long> _notifyFailures;

    public RoomsMetrics(ServiceTelemetry telemetry)
    {
        var meter = telemetry.Meter;
        _created = meter.CreateCounter<long>("ephemchat.rooms.created", "{room}", "Rooms created, by kind and origin.");
        _destroyed = meter.CreateCounter<long>("ephemchat.rooms.destroyed", "{room}",
            "Rooms ended, by reason: expired, destroyed (Destroy now) or emptied (the last member left).");
        _dispatches = meter.CreateCounter<long>("ephemchat.rooms.dispatches.posted", "{dispatch}", "Encrypted dispatches stored.");
        _notifyFailures = meter.CreateCounter<long>("ephemchat.rooms.notify.failures", "{call}",
            "Notify calls to signaling that failed, by event.");
    }

    /// <summary>Reason of a room whose last member left.</summary>
    public const string ReasonEmptied = "emptied";

    public void RoomCreated(string kind, string origin) =>
        _created.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("origin", origin));

    public void RoomDestroyed(string reason) => _destroyed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void DispatchPosted() => _dispatches.Add(1);

    public void NotifyFailed(string eventName) => _notifyFailures.Add(1, new KeyValuePair<string, object?>("event", eventName));
}
