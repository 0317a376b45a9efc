using System.Net;
using EphemChat.Identity.Tests.Support;
using EphemChat.ServiceDefaults;
using EphemChat.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EphemChat.Identity.Tests;

/// <summary>Where the shared session handler sits in a service's pipeline (ServiceDefaults' MapDefaultEndpoints).</summary>
public sealed class SessionPipelineTests
{
    /// <summary>A validator that fails as a broken dependency would: a test double of the one seam the handler has.</summary>
    private sealed class ThrowingValidator : ISessionValidator
    {
        public Task<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the validator broke");
    }

    [Fact]
    public async Task AValidatorThatThrowsIsAProblemJson500RatherThanABareOne()
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Environment.EnvironmentName = Environments.Production;
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        builder.AddServiceDefaults();
        builder.Services.AddSingleton<ISessionValidator, ThrowingValidator>();
        builder.AddSessionAuthentication();
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet("/private", () => "secret").RequireAuthorization();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var response = await client.SendAsync(IdentityApi.Bearer(HttpMethod.Get, "/private", "any"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await response.ReadProblemAsync();
        Assert.Equal(IdentityApi.ProblemBase + "internal-error", problem.Type);
        Assert.DoesNotContain("broke", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }
}
