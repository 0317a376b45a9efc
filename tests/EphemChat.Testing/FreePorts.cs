namespace EphemChat.Testing;

/// <summary>Free loopback ports for servers a test starts (below the ephemeral range: see <see cref="EphemChat.Hosting.PortAllocator"/>).</summary>
public static class FreePorts
{
    public static int Next() => EphemChat.Hosting.PortAllocator.Next();
}
