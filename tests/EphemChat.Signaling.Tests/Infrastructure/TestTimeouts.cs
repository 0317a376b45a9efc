namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>How long a test waits for something that should happen (on a loaded two-core machine).</summary>
public static class TestTimeouts
{
    /// <summary>An event relayed through the hub or the backplane.</summary>
    public static readonly TimeSpan Event = TimeSpan.FromSeconds(15);

    /// <summary>A client reconnecting through the gateway after its replica died.</summary>
    public static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(45);
}
