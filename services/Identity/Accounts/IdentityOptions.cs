using System.ComponentModel.DataAnnotations;

namespace EphemChat.Identity.Accounts;

/// <summary>Every lifetime and limit of accounts, bound from <c>Identity</c> and validated at start.</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>A saved account ends after this long without authenticated activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SavedAccountLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A session-only account ends after this long without activity.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan SessionAccountLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Activity slides the expiry at most this often, so that a request is not a write.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SlideInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after expiry a token is still recognised as "expired" rather than "invalid".</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ExpiredTokenMemory { get; set; } = TimeSpan.FromDays(7);
}
