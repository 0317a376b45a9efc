using System.ComponentModel.DataAnnotations;

namespace EphemChat.Matchmaking.Matching;

/// <summary>Every duration and limit of the search, bound from <c>Matchmaking</c> and validated at start.</summary>
public sealed class MatchmakingOptions : IValidatableObject
{
    public const string SectionName = "Matchmaking";

    /// <summary>A search that finds nobody for this long ends as <c>timed-out</c> and the person is told <c>NoMatch</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SearchTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>After waiting this long a searcher accepts anyone, not only people who share an interest.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan InterestRelaxAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Two people paired with each other are not paired again for this long.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RecentPairWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A block keeps two people apart for this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long <c>matched</c> or <c>timed-out</c> is reported by <c>GET /search</c> before it reads <c>idle</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan OutcomeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the pair of a matched enclave is remembered, so that a member left alone can still block the person
    /// who left. The longest enclave lifetime is 24 h.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PairRecordLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A pair claimed by a replica that neither created its room nor released it within this time (the replica
    /// died) goes back to the head of the queue. Longer than the rooms call deadline with its retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The background pass (pairing, relaxing interests, timeouts) runs this often on every replica.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Deadline of one call to rooms or signaling.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PeerCallDeadline { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many of the oldest searchers one pairing pass considers (its cost grows with the square).</summary>
    [Range(2, 10_000)]
    public int PairingWindow { get; set; } = 256;

    /// <summary>How far down the queue a new arrival looks for a partner.</summary>
    [Range(2, 100_000)]
    public int ArrivalScanLimit { get; set; } = 1_000;

    /// <summary>The most pairs one pass claims; a full pass runs again at once.</summary>
    [Range(1, 10_000)]
    public int MaxPairsPerPass { get; set; } = 64;

    /// <summary>The most searches one pass times out.</summary>
    [Range(1, 10_000)]
    public int MaxTimeoutsPerPass { get; set; } = 256;

    /// <summary>How many claimed pairs get their room created at the same time by one replica.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentRoomCreations { get; set; } = 16;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (InterestRelaxAfter >= SearchTimeout)
        {
            yield return new ValidationResult("InterestRelaxAfter must be shorter than SearchTimeout, or interests never relax.",
                [nameof(InterestRelaxAfter), nameof(SearchTimeout)]);
        }
        // A claim must outlive the call that creates its room, or a slow but alive replica would lose its pair to
        // another replica and create a second room.
        if (ClaimTimeout < PeerCallDeadline * 2)
        {
            yield return new ValidationResult("ClaimTimeout must be at least twice PeerCallDeadline.",
                [nameof(ClaimTimeout), nameof(PeerCallDeadline)]);
        }
    }
}
