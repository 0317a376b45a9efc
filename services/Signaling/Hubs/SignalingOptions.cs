using System.ComponentModel.DataAnnotations;

namespace EphemChat.Signaling.Hubs;

/// <summary>Every limit and lifetime of the hub and of presence, bound from <c>Signaling</c> and validated at start.</summary>
public sealed class SignalingOptions : IValidatableObject
{
    public const string SectionName = "Signaling";

    /// <summary>The origins used in Development when none are configured: the gateway on its fixed port.</summary>
    public static readonly string[] DevelopmentOrigins = ["http://localhost:8080", "http://127.0.0.1:8080"];

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) whose pages may open the hub. A browser always sends <c>Origin</c> on the
    /// negotiate POST and on the WebSocket handshake, so this is what stops cross-site WebSocket hijacking.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Whether a handshake without any <c>Origin</c> header is accepted. Browsers always send one, so a request
    /// without it comes from a non-browser client; off by default, so every client has to say where it comes from.
    /// </summary>
    public bool AllowRequestsWithoutOrigin { get; set; }

    /// <summary>The SignalR Redis backplane's channel prefix, so the hub's channels never collide with other users of the store.</summary>
    [Required, MinLength(1)]
    public string ChannelPrefix { get; set; } = "ephemchat:signaling";

    /// <summary>The largest hub message a client may send; a larger one closes its connection.</summary>
    [Range(1_024, 1024 * 1024)]
    public long MaximumReceiveMessageSize { get; set; } = 64 * 1024;

    /// <summary>The largest signal payload (its JSON text) relayed; larger ones are refused with a readable error.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxSignalPayloadLength { get; set; } = 16 * 1024;

    /// <summary>The longest room id, peer id or signal id accepted.</summary>
    [Range(8, 1_024)]
    public int MaxIdLength { get; set; } = 128;

    /// <summary>Per connection: invocations allowed at once (the token bucket's size).</summary>
    [Range(1, 10_000)]
    public int RateLimitBurst { get; set; } = 50;

    /// <summary>Per connection: invocations allowed per second, sustained (the bucket's refill rate).</summary>
    [Range(1, 10_000)]
    public int RateLimitPerSecond { get; set; } = 20;

    /// <summary>Rooms one connection may be in at once.</summary>
    [Range(1, 1_000)]
    public int MaxRoomsPerConnection { get; set; } = 8;

    /// <summary>A signal id seen from the same connection within this window is dropped as a duplicate.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DuplicateSignalWindow { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many recent signal ids are remembered per connection (the oldest are forgotten first).</summary>
    [Range(16, 100_000)]
    public int MaxRememberedSignalIds { get; set; } = 512;

    /// <summary>
    /// How long a replica relays between the same two peers of a room without asking the store again whether both are
    /// still there (<see cref="Presence.SignalRoutes"/>); departures end it on every replica at once, so this is how long
    /// one goes unnoticed only if its invalidation message is lost. Zero asks the store for every signal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan SignalRouteLifetime { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many relay routes are remembered per replica (each lives seconds; a few hundred bytes each).</summary>
    [Range(1, 1_000_000)]
    public int MaxSignalRoutes { get; set; } = 20_000;

    /// <summary>A connection that sends nothing (not even a keep-alive) for this long is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan ClientTimeoutInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the server pings an otherwise silent connection (at most half the client's timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a client has to complete the SignalR handshake.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often each replica refreshes the presence entries of its own connections and sweeps expired ones.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PresenceHeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A presence entry not refreshed for this long counts as gone (its replica died): about three heartbeats, so one
    /// slow heartbeat does not make anyone disappear.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.150", "00:30:00")]
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Expired connections handled per sweep and replica (the rest wait for the next heartbeat).</summary>
    [Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 100;

    /// <summary>The most users one <c>Notify</c> or <c>GetPresence</c> call may name.</summary>
    [Range(1, 10_000)]
    public int MaxUsersPerCall { get; set; } = 100;

    /// <summary>The largest <c>Notify</c> payload (JSON text) accepted.</summary>
    [Range(2, 1024 * 1024)]
    public int MaxNotifyPayloadLength { get; set; } = 16 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (KeepAliveInterval * 2 > ClientTimeoutInterval)
        {
            yield return new ValidationResult(
                "KeepAliveInterval must be at most half of ClientTimeoutInterval, or idle but healthy clients time out.",
                [nameof(KeepAliveInterval), nameof(ClientTimeoutInterval)]);
        }
        if (PresenceHeartbeatInterval * 2 > PresenceTimeout)
        {
            yield return new ValidationResult(
                "PresenceTimeout must be at least two heartbeats, or one slow heartbeat makes live peers disappear.",
                [nameof(PresenceHeartbeatInterval), nameof(PresenceTimeout)]);
        }
        if (MaxSignalPayloadLength >= MaximumReceiveMessageSize)
        {
            yield return new ValidationResult(
                "MaxSignalPayloadLength must be below MaximumReceiveMessageSize so that an oversized signal gets a readable error.",
                [nameof(MaxSignalPayloadLength), nameof(MaximumReceiveMessageSize)]);
        }
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                yield return new ValidationResult($"'{origin}' is not an origin (scheme://host[:port]).", [nameof(AllowedOrigins)]);
            }
        }
    }
}
