using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using EphemChat.Signaling.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EphemChat.Signaling.Tests;

/// <summary>Who may open the hub: a session, from an allowed page, with the token never in the URL.</summary>
[Collection(SignalingCollection.Name)]
public sealed class HandshakeTests(SignalingFixture fixture)
{
    private const string ForeignOrigin = "https://evil.example";

    [Fact]
    public async Task ASessionFromAnAllowedOriginConnectsWithTheCookieOrABearerHeader()
    {
        var ada = await fixture.CreateSessionAsync("Ada");

        await using var withCookie = await fixture.ConnectAsync(ada);
        await using var withBearer = await fixture.ConnectAsync(ada, bearer: true);

        Assert.Equal(HubConnectionState.Connected, withCookie.Connection.State);
        Assert.Equal(HubConnectionState.Connected, withBearer.Connection.State);
    }

    [Fact]
    public async Task NegotiateFromAForeignOriginIsRefusedWith403()
    {
        var ada = await fixture.CreateSessionAsync("Ada");

        using var response = await NegotiateAsync(ada.Token, ForeignOrigin);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("https://ephemchat.app/problems/origin-not-allowed", problem.Str("type"));
        await Assert.ThrowsAsync<HttpRequestException>(() =>
            TestHubClient.ConnectAsync(fixture.Signaling.HttpUrl, ada, ForeignOrigin));
    }

    [Fact]
    public async Task AWebSocketUpgradeFromAForeignOriginIsRefusedWith403()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        using var negotiate = await NegotiateAsync(ada.Token, SignalingFixture.AllowedOrigin);
        var connectionToken = (await negotiate.Content.ReadFromJsonAsync<JsonElement>()).Str("connectionToken");

        var foreign = await UpgradeAsync(ada.Token, ForeignOrigin, connectionToken);
        var missing = await UpgradeAsync(ada.Token, origin: null, connectionToken);

        Assert.Equal(HttpStatusCode.Forbidden, foreign);
        Assert.Equal(HttpStatusCode.Forbidden, missing);
    }

    [Fact]
    public async Task ARequestWithoutOriginIsAcceptedOnlyWhenConfigured()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        await using var lenient = fixture.StartSignaling(new Dictionary<string, string?> { ["Signaling:AllowRequestsWithoutOrigin"] = "true" });

        using var refused = await NegotiateAsync(ada.Token, origin: null);
        await using var accepted = await TestHubClient.ConnectAsync(lenient.HttpUrl, ada, origin: null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HubConnectionState.Connected, accepted.Connection.State);
    }

    [Fact]
    public async Task AnUnauthenticatedHandshakeIsRefusedWith401()
    {
        var unknown = new TestSession("nobody", "Nobody", new string('x', 43));

        using var anonymous = await NegotiateAsync(token: null, SignalingFixture.AllowedOrigin);
        using var invalid = await NegotiateAsync(unknown.Token, SignalingFixture.AllowedOrigin);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => fixture.ConnectAsync(unknown));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, invalid.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/session-invalid", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).Str("type"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task ATokenInTheUrlIsRefusedAndNoTokenReachesLogsOrTraces()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        var logs = new CapturingLoggerProvider();
        using var spans = new CapturingActivityListener();
        await using var host = fixture.StartSignaling(configureServices: services => services.AddSingleton<ILoggerProvider>(logs));

        using var http = new HttpClient { BaseAddress = new Uri(host.HttpUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/hubs/signaling/negotiate?negotiateVersion=1&access_token={ada.Token}");
        request.Headers.Add("Origin", SignalingFixture.AllowedOrigin);
        using var inUrl = await http.SendAsync(request);
        await using (var tab = await TestHubClient.ConnectAsync(host.HttpUrl, ada, SignalingFixture.AllowedOrigin))
        {
            var roomId = fixture.Rooms.CreateRoom(ada.UserId);
            await tab.EnterRoomAsync(roomId);
            await Assert.ThrowsAsync<HubException>(() => tab.EnterRoomAsync(fixture.Rooms.CreateRoom("someone-else")));
        }
        using var foreign = await NegotiateAsync(ada.Token, ForeignOrigin, host.HttpUrl);

        Assert.Equal(HttpStatusCode.BadRequest, inUrl.StatusCode);
        Assert.Equal("https://ephemchat.app/problems/token-in-url", (await inUrl.Content.ReadFromJsonAsync<JsonElement>()).Str("type"));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(ada.Token, StringComparison.Ordinal));
        Assert.NotEmpty(spans.Spans);
        Assert.DoesNotContain(spans.Spans, span => span.Contains(ada.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnIdleConnectionIsClosedAfterTheClientTimeout()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        await using var host = fixture.StartSignaling(new Dictionary<string, string?>
        {
            ["Signaling:ClientTimeoutInterval"] = "00:00:02",
            ["Signaling:KeepAliveInterval"] = "00:00:01",
        });

        // A client that stopped sending (not even its pings) is what a dead browser looks like to the server.
        await using var silent = await TestHubClient.ConnectAsync(host.HttpUrl, ada, SignalingFixture.AllowedOrigin, configure: connection =>
        {
            connection.KeepAliveInterval = TimeSpan.FromMinutes(5);
            connection.ServerTimeout = TimeSpan.FromMinutes(10);
        });
        var closedWith = await silent.Closed.WaitAsync(TestTimeouts.Event);

        Assert.NotNull(closedWith);
        Assert.Contains("server closed the connection", closedWith.Message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<HttpResponseMessage> NegotiateAsync(string? token, string? origin, string? baseUrl = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl ?? fixture.Signaling.HttpUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/signaling/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        if (token is not null)
        {
            request.Headers.Add("Cookie", $"{SessionAuthentication.CookieName}={token}");
        }
        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private async Task<HttpStatusCode> UpgradeAsync(string token, string? origin, string connectionToken)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Cookie", $"{SessionAuthentication.CookieName}={token}");
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }
        var url = new Uri(fixture.Signaling.HttpUrl.Replace("http://", "ws://") + "/hubs/signaling?id=" + Uri.EscapeDataString(connectionToken));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
        return socket.HttpStatusCode;
    }
}
