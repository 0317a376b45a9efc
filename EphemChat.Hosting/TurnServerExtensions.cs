using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EphemChat.Hosting;

/// <summary>The <c>turn</c> resource: where it listens and the secret it shares with signaling.</summary>
public sealed record TurnServer(IResourceBuilder<ExecutableResource> Resource, int Port, string Secret)
{
    /// <summary>The TURN URLs browsers are given, over UDP and TCP on the same port.</summary>
    public string[] Urls => [$"turn:127.0.0.1:{Port}?transport=udp", $"turn:127.0.0.1:{Port}?transport=tcp"];
}

/// <summary>
/// The optional TURN relay of the model: Debian's coturn (<c>turnserver</c>), run only when it is installed, on
/// loopback, with the TURN REST secret (<c>--use-auth-secret</c>) made anew for every run. Signaling hands out
/// credentials derived from that secret; coturn checks them without any shared state.
/// </summary>
public static class TurnServerExtensions
{
    /// <summary>The coturn program (Debian package <c>coturn</c>).</summary>
    public const string DefaultProgram = "turnserver";

    /// <summary>The realm coturn announces.</summary>
    public const string Realm = "ephemchat";

    /// <summary>
    /// Adds the <c>turn</c> resource when <paramref name="program"/> is on the PATH; null otherwise (the system then
    /// offers no TURN, which is fine on one machine). The port is chosen now, not at start, because signaling's
    /// environment carries it as a plain value. An executable has no HTTP health check: running is healthy.
    /// </summary>
    public static TurnServer? AddTurnServerIfInstalled(this DistributedApplicationBuilder builder, string name = "turn", string program = DefaultProgram)
    {
        if (FindOnPath(program) is not { } path)
        {
            return null;
        }
        var port = FreeUdpAndTcpPort();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        // coturn writes a pid file and a user database; keep both out of /var and out of the repository.
        var state = Directory.CreateTempSubdirectory("ephemchat-turn-").FullName;
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var resource = builder.AddExecutable(name, path, ".",
                "-n", // no /etc/turnserver.conf
                "--listening-ip=127.0.0.1",
                "--relay-ip=127.0.0.1",
                $"--listening-port={portText}",
                "--min-port=49152",
                "--max-port=65535",
                "--use-auth-secret",
                $"--static-auth-secret={secret}",
                $"--realm={Realm}",
                "--no-tls",
                "--no-dtls",
                "--no-cli",
                "--fingerprint",
                // Its log becomes the resource's output, like every other resource's, instead of a file under /var.
                "--log-file=stdout",
                // Without it relays to loopback peers are refused (403 Forbidden IP) and browsers on one machine fail.
                "--allow-loopback-peers",
                $"--pidfile={Path.Combine(state, "turnserver.pid")}",
                $"--userdb={Path.Combine(state, "turnserver.db")}")
            .WithEndpoint("turn", port, "udp")
            // A cluster needs a TURN server reachable from the internet, configured by its operator.
            .ExcludeFromManifest();
        return new TurnServer(resource, port, secret);
    }

    /// <summary>Gives a project (signaling) the TURN URLs and the shared secret: <c>Turn__Urls__i</c>, <c>Turn__Secret</c>.</summary>
    public static IResourceBuilder<ProjectResource> WithTurnServer(this IResourceBuilder<ProjectResource> project, TurnServer? turn)
    {
        if (turn is null)
        {
            return project;
        }
        for (var i = 0; i < turn.Urls.Length; i++)
        {
            project.WithEnvironment($"Turn__Urls__{i}", turn.Urls[i]);
            project.Resource.LocalOnlyEnvironment.Add($"Turn__Urls__{i}");
        }
        project.Resource.LocalOnlyEnvironment.Add("Turn__Secret");
        return project.WithEnvironment("Turn__Secret", turn.Secret);
    }

    /// <summary>The full path of <paramref name="program"/> on the PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return File.Exists(program) ? program : null;
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
    }

    private static int FreeUdpAndTcpPort()
    {
        // TURN listens on UDP and TCP at the same port: take a free UDP port that is free over TCP too.
        for (var attempt = 0; ; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException) when (attempt < 20)
            {
            }
        }
    }
}
