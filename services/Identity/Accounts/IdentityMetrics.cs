using System.Diagnostics.Metrics;
using EphemChat.ServiceDefaults;

namespace EphemChat.Identity.Accounts;

/// <summary>Counters of identity on the service's one meter; tags are small fixed sets, never ids or tokens.</summary>
public sealed class IdentityMetrics
{
    private readonly Counter<long> _created;
    private readonly Counter<long> _restored;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _peerFailures;

    public IdentityMetrics(ServiceTelemetry telemetry)
    {
        var meter = telemetry.Meter;
        _created = meter.CreateCounter<long>("ephemchat.identity.accounts.created", "{account}", "Accounts created.");
        _restored = meter.CreateCounter<long>("ephemchat.identity.sessions.restored", "{session}", "Accounts restored with their token.");
        _failures = meter.CreateCounter<long>("ephemchat.identity.authentication.failures", "{failure}",
            "Tokens refused, by reason (invalid, expired, malformed).");
        _deleted = meter.CreateCounter<long>("ephemchat.identity.accounts.deleted", "{account}", "Accounts deleted, by reason.");
        _peerFailures = meter.CreateCounter<long>("ephemchat.identity.peer_notifications.failed", "{call}",
            "Peers that could not be told about a deleted account, by peer.");
    }

    public void AccountCreated(bool remember) => _created.Add(1, new KeyValuePair<string, object?>("remember", remember));

    public void SessionRestored() => _restored.Add(1);

    public void AuthenticationFailed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void AccountDeleted(string reason) => _deleted.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void PeerNotificationFailed(string peer) => _peerFailures.Add(1, new KeyValuePair<string, object?>("peer", peer));
}
