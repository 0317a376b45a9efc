using System.Net;
using System.Security.Claims;
using EphemChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EphemChat.Identity.Tests.Support;

/// <summary>
/// A tiny service wired as every EphemChat service is (ServiceDefaults + <c>AddSessionAuthentication()</c>, identity
/// found at <c>services:identity:grpc:0</c>) on real Kestrel, with one endpoint that needs a session and answers
/// the user id. It stands in for rooms, matchmaking or signaling to prove the shared handler against real identity.
/// </summary>
public sealed class SessionAuthenticationApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SessionAuthenticationApp(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    public const string WhoAmI = "/whoami";

    public static async Task<SessionAuthenticationApp> StartAsync(string identityGrpcUrl, TimeProvider time)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["services:identity:grpc:0"] = identityGrpcUrl });
        builder.Services.AddSingleton(time);
        builder.AddServiceDefaults();
        builder.AddSessionAuthentication();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet(WhoAmI, (ClaimsPrincipal user) => user.GetUserId()).RequireAuthorization();
        await app.StartAsync();
        return new SessionAuthenticationApp(app, port);
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri(Url) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
