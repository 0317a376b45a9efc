using System.Diagnostics.Metrics;
using EphemChat.ServiceDefaults;

namespace EphemChat.Matchmaking.Matching;

/// <summary>
/// The instruments of matchmaking on the service meter: queue length, time to match, pairs (their rate is pairs per
/// second), searches started and ended, and failures by reason.
/// </summary>
public sealed class MatchMetrics
{
    /// <summary>Name of the histogram of the time from pressing Search to being matched (ms).</summary>
    public const string TimeToMatchName = "ephemchat.match.time_to_match";

    /// <summary>Name of the counter of pairs made.</summary>
    public const string PairsName = "ephemchat.match.pairs";

    /// <summary>Name of the counter of failures, tagged <c>reason</c>.</summary>
    public const string FailuresName = "ephemchat.match.failures";

    /// <summary>Name of the gauge of people waiting in the queue.</summary>
    public const string QueueLengthName = "ephemchat.match.queue.length";

    private readonly Counter<long> _pairs;
    private readonly Counter<long> _searches;
    private readonly Counter<long> _ended;
    private readonly Counter<long> _failures;
    private readonly Histogram<double> _timeToMatch;
    private long _queueLength;

    public MatchMetrics(ServiceTelemetry telemetry)
    {
        var meter = telemetry.Meter;
        _pairs = meter.CreateCounter<long>(PairsName, "{pair}", "Pairs matched into an enclave.");
        _searches = meter.CreateCounter<long>("ephemchat.match.searches", "{search}", "Searches started.");
        _ended = meter.CreateCounter<long>("ephemchat.match.searches.ended", "{search}", "Searches that ended without a match, by reason.");
        _failures = meter.CreateCounter<long>(FailuresName, "{failure}", "Pairing steps that failed, by reason.");
        _timeToMatch = meter.CreateHistogram(TimeToMatchName, "ms", "Time from starting a search to being matched.",
            advice: new InstrumentAdvice<double>
            {
                HistogramBucketBoundaries = [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 15_000, 30_000, 60_000, 120_000],
            });
        meter.CreateObservableGauge(QueueLengthName, () => Interlocked.Read(ref _queueLength), "{searcher}",
            "People waiting in the search queue (as last read by this replica).");
    }

    public void SearchStarted() => _searches.Add(1);

    public void SearchEnded(SearchEnd reason) =>
        _ended.Add(1, new KeyValuePair<string, object?>("reason", reason switch
        {
            SearchEnd.Cancelled => "cancelled",
            SearchEnd.TimedOut => "timeout",
            SearchEnd.Disconnected => "disconnected",
            SearchEnd.Deleted => "deleted",
            _ => "other",
        }));

    public void Matched(MatchedPair pair)
    {
        _pairs.Add(1);
        _timeToMatch.Record(pair.WaitA.TotalMilliseconds);
        _timeToMatch.Record(pair.WaitB.TotalMilliseconds);
    }

    /// <summary>A failed step: <c>create-room</c>, <c>void-claim</c>, <c>stale-claim</c>, <c>notify</c>, <c>store</c>.</summary>
    public void Failed(string reason) => _failures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void QueueLength(long length) => Interlocked.Exchange(ref _queueLength, length);
}
