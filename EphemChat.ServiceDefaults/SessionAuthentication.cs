using System.Security.Claims;
using System.Text.Encodings.Web;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The one way every service authenticates a request: the HttpOnly session cookie (browsers) or
/// <c>Authorization: Bearer</c> (other clients), validated by identity.
/// </summary>
public static class SessionAuthentication
{
    /// <summary>The authentication scheme.</summary>
    public const string Scheme = "Session";

    /// <summary>The HttpOnly cookie that carries the session token.</summary>
    public const string CookieName = "ephem_session";

    /// <summary>
    /// Adds the session scheme as the default and an authorization default policy that requires a session.
    /// Services other than identity validate through identity's gRPC <c>Authenticate</c>; identity registers its own
    /// <see cref="ISessionValidator"/> first.
    /// </summary>
    public static TBuilder AddSessionAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddMemoryCache();
        if (!builder.Services.Any(d => d.ServiceType == typeof(ISessionValidator)))
        {
            builder.AddServiceGrpcClient<EphemChat.Identity.Grpc.Identity.IdentityClient>("identity", TimeSpan.FromSeconds(2));
            builder.Services.TryAddSingleton<ISessionValidator, GrpcSessionValidator>();
        }

        builder.Services.AddAuthentication(Scheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(Scheme, null);
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>The session token a request carries, from the cookie or a bearer header.</summary>
    public static string? GetSessionToken(this HttpRequest request)
    {
        if (request.Cookies.TryGetValue(CookieName, out var cookie) && !string.IsNullOrEmpty(cookie))
        {
            return cookie;
        }
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>The authenticated user's id.</summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request is not authenticated.");

    /// <summary>The authenticated user's display name.</summary>
    public static string GetUserName(this ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Name) ?? "";

    /// <summary>The session user behind an authenticated principal.</summary>
    public static SessionUser GetSessionUser(this ClaimsPrincipal principal) => new(
        principal.GetUserId(),
        principal.GetUserName(),
        principal.FindFirstValue("remember") == "true",
        DateTimeOffset.Parse(principal.FindFirstValue("expires_at") ?? DateTimeOffset.MaxValue.ToString("O"), System.Globalization.CultureInfo.InvariantCulture));

    private sealed class SessionAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        ISessionValidator validator,
        IProblemDetailsService problems)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        private SessionFailure _failure = SessionFailure.Missing;

        protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var token = Request.GetSessionToken();
            if (string.IsNullOrEmpty(token))
            {
                return AuthenticateResult.NoResult();
            }

            var result = await validator.ValidateAsync(token, Context.RequestAborted);
            if (result.User is not { } user)
            {
                _failure = result.Failure;
                return AuthenticateResult.Fail(result.Failure.ToString());
            }

            var identity = new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, user.Id),
                    new Claim(ClaimTypes.Name, user.Name),
                    new Claim("remember", user.Remember ? "true" : "false"),
                    new Claim("expires_at", user.ExpiresAt.ToString("O")),
                ],
                Scheme.Name);
            return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
        }

        protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            var (status, slug, title) = _failure switch
            {
                SessionFailure.Expired => (401, "session-expired", "Your session has expired. Create a new one or restore with your token."),
                SessionFailure.Invalid => (401, "session-invalid", "This session is not valid. Sign in again or restore with your token."),
                SessionFailure.Unavailable => (503, "identity-unavailable", "Sign-in is briefly unavailable. Try again in a moment."),
                _ => (401, "session-required", "You need a session: enter a display name first."),
            };
            Response.StatusCode = status;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Type = ProblemDetailsDefaults.Type(slug) },
            });
        }

        protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = 403;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = new ProblemDetails { Status = 403, Title = "You may not do this.", Type = ProblemDetailsDefaults.Type("forbidden") },
            });
        }
    }
}
