using System.Globalization;
using System.Threading.RateLimiting;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;

namespace EphemChat.Gateway.Security;

/// <summary>A token bucket per client IP in front of everything; over it: 429 problem+json with Retry-After.</summary>
internal static class ClientRateLimiting
{
    public static void AddClientRateLimiting(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    // The client address after forwarded headers from a trusted proxy (an ingress) are applied.
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimit.Burst,
                        TokensPerPeriod = options.RateLimit.PermitsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Title = "Too many requests. Slow down and try again shortly.",
                        Detail = $"Retry after {seconds} s.",
                        Type = ProblemDetailsDefaults.Type("too-many-requests"),
                    },
                });
            };
        });
    }
}
