using System.Net;
using System.Net.Sockets;

namespace EphemChat.Hosting;

/// <summary>
/// Free loopback ports for servers that are started later by another process. Ports are drawn from below the
/// kernel's ephemeral range (32768–60999 on Linux): a port found free there and released would otherwise be taken
/// by the next outgoing connection before the server binds it.
/// </summary>
public static class PortAllocator
{
    private const int First = 15_000;
    private const int Last = 32_000;
    private static readonly HashSet<int> s_handedOut = [];

    /// <summary>A port that is free now and was not handed out before by this process.</summary>
    public static int Next()
    {
        lock (s_handedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(First, Last);
                if (!s_handedOut.Contains(port) && IsFree(port))
                {
                    s_handedOut.Add(port);
                    return port;
                }
            }
        }
        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
