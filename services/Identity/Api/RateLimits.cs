using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EphemChat.Identity.Api;

/// <summary>
/// Per client IP limits on creating accounts and on restore attempts (values in <see cref="IdentityOptions"/>).
/// The client IP is <c>RemoteIpAddress</c> after forwarded headers, so behind the gateway it is the person's
/// address; IPv6 clients are grouped by their /64, which one household or phone usually owns whole.
/// </summary>
internal static class RateLimits
{
    public const string AccountCreation = "identity-account-creation";

    public const string Restore = "identity-restore";

    private const int IPv6PrefixBytes = 8;

    public static void AddIdentityRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<IdentityOptions>>((limiter, identity) =>
        {
            limiter.AddPolicy(AccountCreation, context => PerClient(context, identity.Value.AccountCreation));
            limiter.AddPolicy(Restore, context => PerClient(context, identity.Value.Restore));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = WriteRejectionAsync;
        });
    }

    /// <summary>The partition of a client: its IPv4 address, or the /64 of its IPv6 address.</summary>
    public static string ClientPartition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, IPv6PrefixBytes, bytes.Length - IPv6PrefixBytes);
        return new IPAddress(bytes) + "/64";
    }

    private static RateLimitPartition<string> PerClient(HttpContext context, RateLimit limit) =>
        RateLimitPartition.GetFixedWindowLimiter(ClientPartition(context.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit.PermitLimit,
            Window = limit.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static async ValueTask WriteRejectionAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var title = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Restore
            ? "Too many restore attempts from your network. Wait a moment and try again."
            : "Too many new accounts from your network. Wait a moment and try again.";
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = title,
                Detail = $"Retry after {seconds} s.",
                Type = ProblemDetailsDefaults.Type("too-many-requests"),
            },
        });
    }
}
