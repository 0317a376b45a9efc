using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EphemChat.Signaling.Ice;
using EphemChat.Signaling.Tests.Infrastructure;

namespace EphemChat.Signaling.Tests;

/// <summary><c>GET /api/signaling/ice-servers</c> and the TURN REST credential scheme.</summary>
[Collection(SignalingCollection.Name)]
public sealed class IceServersTests(SignalingFixture fixture)
{
    private const string Secret = "3b8f0d6c2a9e4f1b7c5d0e2f9a8b7c6d";

    [Fact]
    public void TurnCredentialsMatchAVectorComputedIndependently()
    {
        // printf '1735689600:user-42' | openssl dgst -sha1 -hmac '3b8f0d6c2a9e4f1b7c5d0e2f9a8b7c6d' -binary | base64
        var credential = TurnCredentials.Create(Secret, "user-42", DateTimeOffset.FromUnixTimeSeconds(1735689600));

        Assert.Equal("1735689600:user-42", credential.Username);
        Assert.Equal("7vzwZnhUn77aeJQMXwumzPm5bxM=", credential.Password);
    }

    [Fact]
    public async Task WithoutTurnOnlyTheConfiguredStunServersAreOffered()
    {
        var ada = await fixture.CreateSessionAsync("Ada");

        var body = await GetIceServersAsync(fixture.Signaling.HttpUrl, ada);

        Assert.Equal(0, body.GetProperty("iceServers").GetArrayLength());
        Assert.True(body.TryGetProperty("expiresAt", out _));
    }

    [Fact]
    public async Task WithTurnTheUserGetsATimeLimitedHmacCredential()
    {
        var ada = await fixture.CreateSessionAsync("Ada");
        await using var host = fixture.StartSignaling(new Dictionary<string, string?>
        {
            ["Turn:StunUrls:0"] = "stun:127.0.0.1:3478",
            ["Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Turn:Urls:1"] = "turn:127.0.0.1:3478?transport=tcp",
            ["Turn:Secret"] = Secret,
            ["Turn:CredentialLifetime"] = "00:10:00",
        });
        var now = fixture.Time.GetUtcNow();

        var body = await GetIceServersAsync(host.HttpUrl, ada);

        var servers = body.GetProperty("iceServers").EnumerateArray().ToList();
        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:127.0.0.1:3478"], servers[0].GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.False(servers[0].TryGetProperty("username", out _));
        var turn = servers[1];
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"],
            turn.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var expiry = (now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds();
        var username = turn.Str("username");
        Assert.Equal($"{expiry.ToString(CultureInfo.InvariantCulture)}:{ada.UserId}", username);
        Assert.Equal(Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(username))), turn.Str("credential"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expiry), body.GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task IceServersNeedASession()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Signaling.HttpUrl) };

        var response = await http.GetAsync("/api/signaling/ice-servers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("turn:127.0.0.1:3478", null, false)]
    [InlineData("turn:127.0.0.1:3478", "too-short", false)]
    [InlineData("http://127.0.0.1:3478", Secret, false)]
    [InlineData("turn:127.0.0.1:3478", Secret, true)]
    public void TurnOptionsNeedTurnUrlsAndALongEnoughSecret(string url, string? secret, bool valid)
    {
        var options = new TurnOptions { Urls = [url], Secret = secret };

        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        var ok = System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
    }

    private static async Task<JsonElement> GetIceServersAsync(string baseUrl, TestSession session)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        var response = await http.GetAsync("/api/signaling/ice-servers");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
