using System.Diagnostics;
using System.Net;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Api;
using EphemChat.Identity.Tests.Support;
using EphemChat.Testing;

namespace EphemChat.Identity.Tests;

/// <summary>Identity whose store does not answer (nothing listens on its port).</summary>
public sealed class StoreDownTests
{
    [Fact]
    public async Task AnAuthenticatedRouteAnswers503RatherThanCallingTheSessionInvalid()
    {
        await using var host = new ServiceHost<SessionsApi.Marker>(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{FreePorts.Next()}",
        }).Start();
        using var client = host.CreateClient();
        var watch = Stopwatch.StartNew();

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/api/identity/me", SessionToken.Create()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(IdentityApi.ProblemBase + "identity-unavailable", (await response.ReadProblemAsync()).Type);
        // The first request pays for the store client's connect attempts (about 6 s in ServiceDefaults); it must not hang.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
    }
}
