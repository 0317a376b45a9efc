using System.ComponentModel.DataAnnotations;

namespace EphemChat.Gateway;

/// <summary>The gateway's limits, bound from <c>Gateway</c> and validated at start.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Per client IP: requests allowed per second, sustained.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The largest request body accepted (an encrypted dispatch is at most 16 KiB before base64).</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>A token bucket per client IP.</summary>
public sealed class RateLimitOptions
{
    [Range(1, 100_000)]
    public int PermitsPerSecond { get; set; } = 50;

    [Range(1, 100_000)]
    public int Burst { get; set; } = 200;
}
