namespace EphemChat.Hosting.Dashboard.Telemetry;

/// <summary>What a chart plots for an instrument.</summary>
internal enum MetricStatistic
{
    /// <summary>Per second: the increase of a counter, or of a histogram's count (requests/s).</summary>
    Rate,

    /// <summary>The current value of a gauge or up-down counter (connections, queue length).</summary>
    Value,

    /// <summary>The mean of the values a histogram recorded in each interval (mean request duration).</summary>
    Average,
}

/// <summary>One line of a chart: the points of one resource.</summary>
internal sealed record ChartSeries(string Resource, IReadOnlyList<ChartPoint> Points);

/// <summary>A point of a chart, at the end of its bucket.</summary>
internal readonly record struct ChartPoint(long TimeUnixMilliseconds, double Value);

/// <summary>An instrument's chart over a window: one line per resource, every replica and attribute set summed.</summary>
internal sealed record MetricChart(
    string Name,
    string Meter,
    string Unit,
    string Description,
    MetricKind Kind,
    MetricStatistic Statistic,
    long FromUnixMilliseconds,
    long ToUnixMilliseconds,
    long BucketMilliseconds,
    IReadOnlyList<ChartSeries> Series)
{
    /// <summary>The fewest milliseconds per bucket: exports come every second, a wider bucket always holds one.</summary>
    public const long MinBucketMilliseconds = 2_000;

    /// <summary>At most this many points per line, whatever the window.</summary>
    public const int MaxBuckets = 150;

    /// <summary>A series that has not reported for this long is taken as gone rather than carried forward.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    /// <summary>The statistic a chart of <paramref name="kind"/> shows unless asked otherwise.</summary>
    public static MetricStatistic DefaultStatistic(MetricKind kind) => kind switch
    {
        MetricKind.Gauge or MetricKind.Sum => MetricStatistic.Value,
        _ => MetricStatistic.Rate,
    };

    /// <summary>Builds the chart of the points of one instrument (any resources) between two instants.</summary>
    public static MetricChart Build(
        IReadOnlyList<MetricPoint> points, string name, MetricStatistic? statistic, DateTimeOffset from, DateTimeOffset to)
    {
        var first = points.Count > 0 ? points[0].Series : null;
        var kind = first?.Kind ?? MetricKind.Gauge;
        var stat = statistic ?? DefaultStatistic(kind);
        var fromMs = from.ToUnixTimeMilliseconds();
        var toMs = to.ToUnixTimeMilliseconds();
        var bucketMs = Math.Max(MinBucketMilliseconds, (toMs - fromMs + MaxBuckets - 1) / MaxBuckets);
        var buckets = (int)Math.Max(1, (toMs - fromMs + bucketMs - 1) / bucketMs);
        var staleMs = (long)StaleAfter.TotalMilliseconds;

        var lines = new List<ChartSeries>();
        foreach (var resource in points.GroupBy(p => p.Series.Source.Service).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var totals = new double[buckets];
            var weights = new double[buckets];
            var present = new bool[buckets];
            foreach (var series in resource.GroupBy(p => p.Series))
            {
                var samples = Samples([.. series.OrderBy(p => p.TimeUnixNano)], stat);
                AddToBuckets(samples, stat, fromMs, bucketMs, staleMs, totals, weights, present);
            }

            var line = new List<ChartPoint>();
            for (var b = 0; b < buckets; b++)
            {
                if (!present[b] || (stat == MetricStatistic.Average && weights[b] <= 0))
                {
                    continue;
                }
                var value = stat == MetricStatistic.Average ? totals[b] / weights[b] : totals[b];
                line.Add(new ChartPoint(Math.Min(toMs, fromMs + (b + 1) * bucketMs), value));
            }
            lines.Add(new ChartSeries(resource.Key, line));
        }

        return new MetricChart(name, first?.Meter ?? "", first?.Unit ?? "", first?.Description ?? "", kind, stat,
            fromMs, toMs, bucketMs, lines);
    }

    /// <summary>
    /// Per-point samples of one series: (time in ms, value, weight). Rates and averages come from the difference
    /// between consecutive cumulative points (a drop or a new start time is a restart: the new value counts whole),
    /// or from each point alone under delta temporality.
    /// </summary>
    private static List<(long TimeMs, double Value, double Weight)> Samples(IReadOnlyList<MetricPoint> points, MetricStatistic stat)
    {
        var samples = new List<(long, double, double)>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var timeMs = p.TimeUnixNano / 1_000_000;
            if (stat == MetricStatistic.Value)
            {
                samples.Add((timeMs, p.Value, 1));
                continue;
            }

            double count, sum, seconds;
            if (p.Series.IsDelta)
            {
                (count, sum, seconds) = (p.Value, p.Sum, (p.TimeUnixNano - p.StartUnixNano) / 1e9);
            }
            else
            {
                if (i == 0)
                {
                    continue;
                }
                var previous = points[i - 1];
                var restarted = p.Value < previous.Value || (p.StartUnixNano != 0 && p.StartUnixNano != previous.StartUnixNano);
                count = restarted ? p.Value : p.Value - previous.Value;
                sum = restarted ? p.Sum : p.Sum - previous.Sum;
                seconds = (p.TimeUnixNano - previous.TimeUnixNano) / 1e9;
            }

            if (stat == MetricStatistic.Rate && seconds > 0)
            {
                samples.Add((timeMs, count / seconds, 1));
            }
            else if (stat == MetricStatistic.Average && count > 0)
            {
                samples.Add((timeMs, sum, count));
            }
        }
        return samples;
    }

    private static void AddToBuckets(
        List<(long TimeMs, double Value, double Weight)> samples, MetricStatistic stat, long fromMs, long bucketMs, long staleMs,
        double[] totals, double[] weights, bool[] present)
    {
        var buckets = totals.Length;
        if (stat == MetricStatistic.Average)
        {
            // Averages weigh every interval by how many values it recorded, across replicas and attribute sets.
            foreach (var (time, sum, count) in samples)
            {
                var b = Bucket(time);
                if (b >= 0)
                {
                    totals[b] += sum;
                    weights[b] += count;
                    present[b] = true;
                }
            }
            return;
        }

        // Rates: the mean of the series' samples in a bucket; values: its last one. Both are summed over series and
        // carried forward for a few seconds, so one late export does not make the total dip.
        var index = 0;
        (long Time, double Value)? last = null;
        for (var b = 0; b < buckets; b++)
        {
            var end = fromMs + (b + 1) * bucketMs;
            double total = 0;
            var n = 0;
            while (index < samples.Count && samples[index].TimeMs <= end)
            {
                var (time, value, _) = samples[index++];
                last = (time, value);
                if (time > end - bucketMs)
                {
                    total += value;
                    n++;
                }
            }
            double? bucketValue = n > 0
                ? (stat == MetricStatistic.Rate ? total / n : last!.Value.Value)
                : last is { } carried && end - carried.Time <= staleMs ? carried.Value : null;
            if (bucketValue is { } v)
            {
                totals[b] += v;
                present[b] = true;
            }
        }

        int Bucket(long time)
        {
            if (time <= fromMs)
            {
                return -1;
            }
            var b = (int)((time - fromMs - 1) / bucketMs);
            return b < buckets ? b : -1;
        }
    }
}
