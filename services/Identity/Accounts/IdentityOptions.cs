using System.ComponentModel.DataAnnotations;

namespace EphemChat.Identity.Accounts;

/// <summary>Every lifetime and limit of accounts, bound from <c>Identity</c> and validated at start.</summary>
public sealed class IdentityOptions : IValidatableObject
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

    /// <summary>The largest JSON body the public routes read; every body they take is a name or a token.</summary>
    [Range(256, 64 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024;

    /// <summary>The most ids one <c>GetUsers</c> call may ask for.</summary>
    [Range(1, 10_000)]
    public int MaxUsersPerLookup { get; set; } = 100;

    /// <summary>Per client IP: how many accounts may be created per window.</summary>
    [Required]
    public RateLimit AccountCreation { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromMinutes(1) };

    /// <summary>
    /// Per client IP: how many restore attempts (right or wrong) per window. Guessing a 256-bit token is hopeless
    /// anyway; the limit keeps the store from being used as an oracle at volume.
    /// </summary>
    [Required]
    public RateLimit Restore { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A slide interval as long as a lifetime would let an active account expire between two slides.
        if (SlideInterval >= SessionAccountLifetime || SlideInterval >= SavedAccountLifetime)
        {
            yield return new ValidationResult("SlideInterval must be shorter than both account lifetimes.", [nameof(SlideInterval)]);
        }
        foreach (var (limit, name) in new[] { (AccountCreation, nameof(AccountCreation)), (Restore, nameof(Restore)) })
        {
            var results = new List<ValidationResult>();
            if (limit is not null && !Validator.TryValidateObject(limit, new ValidationContext(limit), results, validateAllProperties: true))
            {
                foreach (var result in results)
                {
                    yield return new ValidationResult($"{name}: {result.ErrorMessage}", [name]);
                }
            }
        }
    }
}

/// <summary>A fixed window of <see cref="PermitLimit"/> requests per <see cref="Window"/>, per client IP.</summary>
public sealed class RateLimit
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}
