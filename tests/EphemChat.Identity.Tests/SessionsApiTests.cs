using System.Net;
using System.Net.Http.Json;
using EphemChat.Identity.Grpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace EphemChat.Identity.Tests;

public sealed class SessionsApiTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task CreatedSessionAuthenticatesOverGrpc()
    {
        using var browser = fixture.Host.CreateBrowserClient();

        var response = await browser.PostAsJsonAsync("/api/identity/sessions", new { name = "Ada", remember = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var session = await response.Content.ReadFromJsonAsync<SessionBody>();
        Assert.NotNull(session?.Token);
        using var channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);
        var reply = await new Grpc.Identity.IdentityClient(channel).AuthenticateAsync(new AuthenticateRequest { Token = session!.Token });
        Assert.Equal(session.User.Id, reply.User.Id);
        Assert.Equal("Ada", reply.User.Name);
    }

    [Fact]
    public async Task UnknownTokenIsUnauthenticatedAsInvalid()
    {
        using var channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await new Grpc.Identity.IdentityClient(channel).AuthenticateAsync(new AuthenticateRequest { Token = new string('a', 43) }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("invalid", error.Trailers.GetValue("reason"));
    }

    private sealed record UserBody(string Id, string Name);

    private sealed record SessionBody(UserBody User, string? Token, bool Remember, DateTimeOffset ExpiresAt);
}
