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
        // The newest bucket is still filling: a rate divides by the part of it that has been reported.
        var reportedUntil = points.Count == 0 ? toMs : Math.Min(toMs, points.Max(p => p.TimeUnixNano) / 1_000_000);

        var lines = new List<ChartSeries>();
        foreach (var resource in points.GroupBy(p => p.Series.Source.Service).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var totals = new double[buckets];
            var weights = new double[buckets];
            var present = new bool[buckets];
            foreach (var series in resource.GroupBy(p => p.Series))
            {
                var samples = Samples([.. series.OrderBy(p => p.TimeUnixNano)], stat);
                AddToBuckets(samples, stat, fromMs, bucketMs, totals, weights, present);
            }

            var line = new List<ChartPoint>();
            for (var b = 0; b < buckets; b++)
            {
                var start = fromMs + b * bucketMs;
                var end = Math.Min(toMs, start + bucketMs);
                double? value = stat switch
                {
                    _ when !present[b] => null,
                    MetricStatistic.Average => weights[b] > 0 ? totals[b] / weights[b] : null,
                    MetricStatistic.Rate => Math.Min(end, reportedUntil) - start is > 0 and var covered ? totals[b] / (covered / 1000.0) : null,
                    _ => totals[b],
                };
                if (value is { } v)
                {
                    line.Add(new ChartPoint(end, v));
                }
            }
            lines.Add(new ChartSeries(resource.Key, line));
        }

        return new MetricChart(name, first?.Meter ?? "", first?.Unit ?? "", first?.Description ?? "", kind, stat,
            fromMs, toMs, bucketMs, lines);
    }

    /// <summary>
    /// Per-point samples of one series: (time in ms, value, weight). For rates the value is how much the count grew
    /// since the previous point; for averages it is the growth of the sum, weighted by the growth of the count. A
    /// drop or a new start time is a restart: the new value counts whole. Under delta temporality each point stands
    /// alone.
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

            double count, sum;
            if (p.Series.IsDelta)
            {
                (count, sum) = (p.Value, p.Sum);
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
            }

            if (stat == MetricStatistic.Rate)
            {
                samples.Add((timeMs, count, 1));
            }
            else if (count > 0)
            {
                samples.Add((timeMs, sum, count));
            }
        }
        return samples;
    }

    private static void AddToBuckets(
        List<(long TimeMs, double Value, double Weight)> samples, MetricStatistic stat, long fromMs, long bucketMs,
        double[] totals, double[] weights, bool[] present)
    {
        var buckets = totals.Length;
        if (stat != MetricStatistic.Value)
        {
            // Rates add up every increase reported in a bucket (then divide by its length); averages add sums and
            // counts, so every interval weighs as many values as it recorded, across replicas and attribute sets.
            foreach (var (time, value, weight) in samples)
            {
                if (Bucket(time) is { } b)
                {
                    totals[b] += value;
                    weights[b] += weight;
                    present[b] = true;
                }
            }
            return;
        }

        // Values: the series' last one in each bucket, summed over series, carried forward for a few seconds so
        // that one late export does not make the total dip.
        var staleMs = (long)StaleAfter.TotalMilliseconds;
        var index = 0;
        (long Time, double Value)? last = null;
        for (var b = 0; b < buckets; b++)
        {
            var end = fromMs + (b + 1) * bucketMs;
            while (index < samples.Count && samples[index].TimeMs <= end)
            {
                last = (samples[index].TimeMs, samples[index].Value);
                index++;
            }
            if (last is { } current && end - current.Time <= staleMs + bucketMs)
            {
                totals[b] += current.Value;
                present[b] = true;
            }
        }

        int? Bucket(long time)
        {
            if (time <= fromMs)
            {
                return null;
            }
            var b = (int)((time - fromMs - 1) / bucketMs);
            return b < buckets ? b : null;
        }
    }
}
