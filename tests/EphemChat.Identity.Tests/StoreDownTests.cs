using System.Diagnostics;
using System.Net;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Api;
using EphemChat.Identity.Grpc;
using EphemChat.Identity.Tests.Support;
using EphemChat.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace EphemChat.Identity.Tests;

/// <summary>Identity whose store does not answer (nothing listens on its port).</summary>
public sealed class StoreDownTests
{
    [Fact]
    public async Task WithTheStoreDownAuthenticationIs503AndGrpcAuthenticateIsUnavailableNeverInvalid()
    {
        await using var host = new ServiceHost<SessionsApi.Marker>(new Dictionary<string, string?>
        {
            // Short command timeouts: while disconnected, the client holds each command back until its timeout.
            ["ConnectionStrings:redis"] = $"127.0.0.1:{FreePorts.Next()},asyncTimeout=500,syncTimeout=500",
        }).Start();
        using var client = host.CreateClient();
        using var channel = GrpcChannel.ForAddress(host.GrpcUrl);
        var watch = Stopwatch.StartNew();

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", SessionToken.Create()));
        var first = watch.Elapsed;
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Grpc.Identity.IdentityClient(channel).AuthenticateAsync(new AuthenticateRequest { Token = SessionToken.Create() }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "identity-unavailable", (await response.ReadProblemAsync()).Type);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        // Each call waits for the store client's timeouts (about 2 s here), then answers: nothing hangs.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {first}, then {watch.Elapsed} in all");
    }
}
