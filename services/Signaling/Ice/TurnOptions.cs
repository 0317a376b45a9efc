using System.ComponentModel.DataAnnotations;

namespace EphemChat.Signaling.Ice;

/// <summary>The ICE servers handed to browsers, bound from <c>Turn</c> and validated at start.</summary>
public sealed class TurnOptions : IValidatableObject
{
    public const string SectionName = "Turn";

    /// <summary>STUN URLs (<c>stun:host:port</c>); none on loopback, where host candidates are enough.</summary>
    public string[] StunUrls { get; set; } = [];

    /// <summary>TURN URLs (<c>turn:host:port?transport=udp</c>); TURN is offered only with these and a secret.</summary>
    public string[] Urls { get; set; } = [];

    /// <summary>The secret shared with the TURN server (coturn's <c>static-auth-secret</c>). Never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>How long a TURN credential is valid; the browser fetches new ones after that.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CredentialLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The shortest secret accepted: a short one could be guessed from observed credentials.</summary>
    public const int MinSecretLength = 16;

    /// <summary>TURN is offered.</summary>
    public bool TurnEnabled => Urls.Length > 0 && !string.IsNullOrEmpty(Secret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Urls.Length > 0 && (Secret is null || Secret.Length < MinSecretLength))
        {
            yield return new ValidationResult(
                $"Turn:Secret must be set (at least {MinSecretLength} characters) when Turn:Urls are configured.", [nameof(Secret)]);
        }
        foreach (var url in Urls)
        {
            if (!url.StartsWith("turn:", StringComparison.Ordinal) && !url.StartsWith("turns:", StringComparison.Ordinal))
            {
                yield return new ValidationResult($"'{url}' is not a TURN URL (turn: or turns:).", [nameof(Urls)]);
            }
        }
        foreach (var url in StunUrls)
        {
            if (!url.StartsWith("stun:", StringComparison.Ordinal) && !url.StartsWith("stuns:", StringComparison.Ordinal))
            {
                yield return new ValidationResult($"'{url}' is not a STUN URL (stun: or stuns:).", [nameof(StunUrls)]);
            }
        }
    }
}
