using System.ComponentModel.DataAnnotations;

namespace EphemChat.Rooms.Enclaves;

/// <summary>Every limit, default and lifetime of rooms, bound from <c>Rooms</c> and validated at start.</summary>
public sealed class RoomsOptions : IValidatableObject
{
    public const string SectionName = "Rooms";

    /// <summary>The fewest members a room may be made for.</summary>
    [Range(2, 64)]
    public int MinCapacity { get; set; } = 2;

    /// <summary>The most members a room may be made for.</summary>
    [Range(2, 64)]
    public int MaxCapacity { get; set; } = 16;

    /// <summary>Capacity of a private room when the creator does not choose one.</summary>
    [Range(2, 64)]
    public int DefaultPrivateCapacity { get; set; } = 2;

    /// <summary>Capacity of an enclave when the creator (or matchmaking) does not choose one.</summary>
    [Range(2, 64)]
    public int DefaultEnclaveCapacity { get; set; } = 8;

    /// <summary>An enclave ends this long after its last activity (a join or a posted dispatch).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan EnclaveIdleLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The fixed lifetime of a private room when none is chosen; one of <see cref="RoomLifetime.Choices"/>.</summary>
    [Required]
    public string DefaultPrivateLifetime { get; set; } = RoomLifetime.TenMinutes;

    /// <summary>Members are told <c>RoomExpiring</c> this long before the end.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ExpiringNotice { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The store's TTL on a room's keys is its deadline plus this grace: deadlines are judged by the service's clock,
    /// the TTL is only the backstop, and the grace leaves the sweeper time to tell the members before the keys vanish.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan StoreGracePeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Runs the background sweeper; tests turn it off and call <c>SweepOnceAsync</c> themselves.</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How often the sweeper looks for rooms that end or are about to.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most rooms one sweep handles per kind of work; the rest wait for the next tick.</summary>
    [Range(1, 10_000)]
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>The largest ciphertext of one dispatch, in decoded bytes (16 KiB).</summary>
    [Range(1, 1024 * 1024)]
    public int MaxCiphertextBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// The largest body of a dispatch post, refused with 413 before it is read. It must hold the largest ciphertext in
    /// base64url (4/3 of it) with the id, the iv and the JSON around them.
    /// </summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxDispatchRequestBytes { get; set; } = 32 * 1024;

    /// <summary>The most dispatches a room keeps; posting one more drops the oldest.</summary>
    [Range(1, 100_000)]
    public int MaxDispatchesPerRoom { get; set; } = 500;

    /// <summary>Dispatches returned when the reader does not ask for a number.</summary>
    [Range(1, 1_000)]
    public int DefaultDispatchPageSize { get; set; } = 50;

    /// <summary>The most dispatches one read returns.</summary>
    [Range(1, 1_000)]
    public int MaxDispatchPageSize { get; set; } = 100;

    /// <summary>The most rooms one person may create or join through the public API (bounds "My enclaves").</summary>
    [Range(1, 10_000)]
    public int MaxRoomsPerUser { get; set; } = 100;

    /// <summary>The longest any room can live from now: the TTL of per-user indexes and of the sweeper's sets.</summary>
    public TimeSpan LongestLifetime =>
        RoomLifetime.Choices.Values.Append(EnclaveIdleLifetime).Max() + StoreGracePeriod;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinCapacity > MaxCapacity)
        {
            yield return new ValidationResult("MinCapacity must not exceed MaxCapacity.", [nameof(MinCapacity), nameof(MaxCapacity)]);
        }
        foreach (var (name, value) in new[] { (nameof(DefaultPrivateCapacity), DefaultPrivateCapacity), (nameof(DefaultEnclaveCapacity), DefaultEnclaveCapacity) })
        {
            if (value < MinCapacity || value > MaxCapacity)
            {
                yield return new ValidationResult($"{name} must lie between MinCapacity and MaxCapacity.", [name]);
            }
        }
        if (!RoomLifetime.Choices.ContainsKey(DefaultPrivateLifetime ?? ""))
        {
            yield return new ValidationResult(
                $"DefaultPrivateLifetime must be one of {string.Join(", ", RoomLifetime.Choices.Keys)}.", [nameof(DefaultPrivateLifetime)]);
        }
        // A notice longer than the shortest life would be sent at creation.
        if (ExpiringNotice >= RoomLifetime.Choices.Values.Append(EnclaveIdleLifetime).Min())
        {
            yield return new ValidationResult("ExpiringNotice must be shorter than every room lifetime.", [nameof(ExpiringNotice)]);
        }
        if (MaxDispatchRequestBytes < (MaxCiphertextBytes + 2) / 3 * 4 + 1024)
        {
            yield return new ValidationResult("MaxDispatchRequestBytes must hold the largest ciphertext in base64url and 1 KiB more.",
                [nameof(MaxDispatchRequestBytes)]);
        }
        if (DefaultDispatchPageSize > MaxDispatchPageSize)
        {
            yield return new ValidationResult("DefaultDispatchPageSize must not exceed MaxDispatchPageSize.", [nameof(DefaultDispatchPageSize)]);
        }
    }
}
