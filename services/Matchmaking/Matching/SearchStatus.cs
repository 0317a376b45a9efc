namespace EphemChat.Matchmaking.Matching;

/// <summary>The states a search reports, as the public API spells them.</summary>
public static class SearchStates
{
    public const string Idle = "idle";
    public const string Searching = "searching";
    public const string Matched = "matched";
    public const string TimedOut = "timed-out";
}

/// <summary>Where a user's search stands: the state, since when, the room of a match, the interests searched with.</summary>
public sealed record SearchStatus(string State, DateTimeOffset? Since, string? RoomId, IReadOnlyList<string>? Interests)
{
    /// <summary>Nobody is searching and there is no recent outcome to report.</summary>
    public static SearchStatus Idle { get; } = new(SearchStates.Idle, null, null, null);
}

/// <summary>A pair claimed by one replica, waiting for its room.</summary>
/// <param name="Claim">The claim's member in <c>match:claims</c>: <c>claimId|a|b</c>.</param>
public sealed record ClaimedPair(string Claim, string A, string B, DateTimeOffset EnqueuedA, DateTimeOffset EnqueuedB);

/// <summary>A completed pair: both users are matched into one room.</summary>
public sealed record MatchedPair(ClaimedPair Pair, string RoomId, string NameA, string NameB, DateTimeOffset MatchedAt)
{
    /// <summary>How long the first user waited.</summary>
    public TimeSpan WaitA => MatchedAt - Pair.EnqueuedA;

    /// <summary>How long the second user waited.</summary>
    public TimeSpan WaitB => MatchedAt - Pair.EnqueuedB;
}

/// <summary>Why a search ended without a match.</summary>
public enum SearchEnd
{
    /// <summary>The user cancelled (<c>DELETE /search</c>).</summary>
    Cancelled,

    /// <summary>Nobody was found within the search timeout.</summary>
    TimedOut,

    /// <summary>The user has no hub connection left (signaling).</summary>
    Disconnected,

    /// <summary>The account was deleted (identity): the user's search state is removed too.</summary>
    Deleted,

    /// <summary>Another internal reason.</summary>
    Other,
}
