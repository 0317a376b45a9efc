using System.Diagnostics;
using EphemChat.Hosting;
using EphemChat.Signaling.Ice;

namespace EphemChat.Signaling.Tests;

/// <summary>
/// The AppHost's <c>turn</c> resource, and coturn itself accepting the credentials signaling hands out. Needs
/// Debian's coturn (<c>apt-get install -y coturn</c>), which CI installs.
/// </summary>
public sealed class TurnServerTests
{
    [Fact]
    public void WithoutTurnserverOnThePathThereIsNoTurnResourceAndSignalingGetsNoTurnSettings()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var signaling = builder.AddProject("signaling", "../services/Signaling/EphemChat.Signaling.csproj");

        var turn = builder.AddTurnServerIfInstalled(program: "no-such-turnserver-on-this-path");
        signaling.WithTurnServer(turn);

        Assert.Null(turn);
        Assert.DoesNotContain(builder.Resources, r => r.Name == "turn");
        Assert.DoesNotContain(signaling.Resource.Environment.Keys, k => k.StartsWith("Turn__", StringComparison.Ordinal));
    }

    [Fact]
    public void TheTurnResourceRunsCoturnOnLoopbackWithTheSecretSignalingGets()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var signaling = builder.AddProject("signaling", "../services/Signaling/EphemChat.Signaling.csproj");

        var turn = RequireTurnServer(builder);
        signaling.WithTurnServer(turn);

        var resource = Assert.IsType<ExecutableResource>(builder["turn"]);
        Assert.Null(resource.HealthCheckPath);
        Assert.Contains("-n", resource.Args);
        Assert.Contains("--allow-loopback-peers", resource.Args);
        Assert.Contains("--use-auth-secret", resource.Args);
        Assert.Contains($"--listening-port={turn.Port}", resource.Args);
        Assert.Contains($"--static-auth-secret={turn.Secret}", resource.Args);
        Assert.True(turn.Secret.Length >= TurnOptions.MinSecretLength);
        Assert.Equal($"turn:127.0.0.1:{turn.Port}?transport=udp", signaling.Resource.Environment["Turn__Urls__0"]);
        Assert.Equal($"turn:127.0.0.1:{turn.Port}?transport=tcp", signaling.Resource.Environment["Turn__Urls__1"]);
        Assert.Equal(turn.Secret, signaling.Resource.Environment["Turn__Secret"]);
    }

    [Fact]
    public async Task CoturnRelaysForSignalingsCredentialAndRefusesAWrongOne()
    {
        var builder = DistributedApplication.CreateBuilder([]);
        var turn = RequireTurnServer(builder);
        var resource = turn.Resource.Resource;
        var start = new ProcessStartInfo(resource.Command) { RedirectStandardOutput = true, RedirectStandardError = true };
        resource.Args.ForEach(start.ArgumentList.Add);
        using var server = Process.Start(start)!;
        try
        {
            await WaitForOutputAsync(server, "Total General servers");
            var credential = TurnCredentials.Create(turn.Secret, "user-42", DateTimeOffset.UtcNow.AddMinutes(10));

            var accepted = await AllocateAndRelayAsync(turn.Port, credential.Username, credential.Password);
            var refused = await AllocateAndRelayAsync(turn.Port, credential.Username, "d3Jvbmc=");

            Assert.True(accepted.ExitCode == 0, $"turnutils_uclient failed with the signaling credential: {accepted.Output}");
            Assert.NotEqual(0, refused.ExitCode);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitForOutputAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                // Keep draining, so that a full pipe never blocks the server.
                _ = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                return;
            }
        }
        throw new InvalidOperationException("turnserver exited before it was ready.");
    }

    private static TurnServer RequireTurnServer(DistributedApplicationBuilder builder) =>
        builder.AddTurnServerIfInstalled()
        ?? throw new InvalidOperationException("coturn is not installed: apt-get install -y coturn (CI installs it).");

    /// <summary>coturn's own test client: allocates a relay with the credential and echoes a message through it.</summary>
    private static async Task<(int ExitCode, string Output)> AllocateAndRelayAsync(int port, string username, string password)
    {
        var client = TurnServerExtensions.FindOnPath("turnutils_uclient")
            ?? throw new InvalidOperationException("turnutils_uclient (package coturn) is not installed.");
        var start = new ProcessStartInfo(client) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-u", username, "-w", password, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-e", "127.0.0.1", "-n", "1", "-m", "1", "-y", "127.0.0.1" })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }
}
