using System.Collections.Concurrent;

namespace EphemChat.Bench.Reporting;

/// <summary>Collects samples (ms) from many threads and summarizes them with nearest-rank percentiles.</summary>
public sealed class LatencyStats
{
    private readonly ConcurrentQueue<double> _samples = new();

    public int Count => _samples.Count;

    public void Add(double milliseconds) => _samples.Enqueue(milliseconds);

    public LatencySummary Summarize()
    {
        var sorted = _samples.ToArray();
        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), sorted[^1], sorted.Average());
    }

    private static double Percentile(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean);
