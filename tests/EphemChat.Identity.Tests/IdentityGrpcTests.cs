using EphemChat.Identity.Grpc;
using EphemChat.Identity.Tests.Support;
using Grpc.Core;
using Grpc.Net.Client;

namespace EphemChat.Identity.Tests;

/// <summary>identity.proto over real HTTP/2: Authenticate and GetUsers.</summary>
[Collection(IdentityCollection.Name)]
public sealed class IdentityGrpcTests(IdentityFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Host.GrpcUrl);

    private Grpc.Identity.IdentityClient Client => new(_channel);

    [Fact]
    public async Task AuthenticateTurnsACreatedSessionsTokenIntoItsUser()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Ada", remember: true);

        var reply = await Client.AuthenticateAsync(new AuthenticateRequest { Token = session.Token });

        Assert.Equal(session.User.Id, reply.User.Id);
        Assert.Equal("Ada", reply.User.Name);
        Assert.True(reply.Remember);
        Assert.Equal(session.ExpiresAt, reply.ExpiresAt.ToDateTimeOffset());
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("")]
    [InlineData("not a token")]
    public async Task AuthenticateRefusesAnUnknownOrMalformedTokenAsInvalid(string token)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.AuthenticateAsync(new AuthenticateRequest { Token = token }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("invalid", error.Trailers.GetValue("reason"));
    }

    [Fact]
    public async Task AuthenticateRefusesAnExpiredAccountAsExpired()
    {
        var session = await fixture.Host.CreateBrowserClient().CreateSessionAsync(remember: false);
        fixture.Time.Advance(TimeSpan.FromHours(24));

        var error = await Assert.ThrowsAsync<RpcException>(async () => await Client.AuthenticateAsync(new AuthenticateRequest { Token = session.Token }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal("expired", error.Trailers.GetValue("reason"));
    }

    [Fact]
    public async Task GetUsersAnswersDisplayNamesAndLeavesOutUnknownMalformedAndExpiredIds()
    {
        var ada = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Ada", remember: true);
        var grace = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Grace", remember: true);
        var fleeting = await fixture.Host.CreateBrowserClient().CreateSessionAsync("Fleeting", remember: false);
        fixture.Time.Advance(TimeSpan.FromHours(24));

        var reply = await Client.GetUsersAsync(new GetUsersRequest
        {
            Ids = { ada.User.Id, grace.User.Id, ada.User.Id, fleeting.User.Id, "AAAAAAAAAAAAAAAAAAAAAA", "*", "" },
        });

        Assert.Equal(
            new[] { (ada.User.Id, "Ada"), (grace.User.Id, "Grace") }.Order(),
            reply.Users.Select(u => (u.Id, u.Name)).Order());
    }

    [Fact]
    public async Task GetUsersTakesAHundredIdsAndRefusesMore()
    {
        var hundred = Enumerable.Range(0, 100).Select(i => $"{i:D22}").ToList();

        var atLimit = await Client.GetUsersAsync(new GetUsersRequest { Ids = { hundred } });
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await Client.GetUsersAsync(new GetUsersRequest { Ids = { hundred.Append("one-too-many") } }));

        Assert.Empty(atLimit.Users);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    public void Dispose() => _channel.Dispose();
}
