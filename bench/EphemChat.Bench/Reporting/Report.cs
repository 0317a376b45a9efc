using System.Globalization;
using EphemChat.Bench.Infrastructure;

namespace EphemChat.Bench.Reporting;

/// <summary>A target of the issue, the figure measured against it, and whether it was met.</summary>
public sealed record TargetResult(string Name, string Target, string Measured, bool Met, string? Note);

/// <summary>
/// Progress lines while a scenario runs; at the end, one readable table (figures, targets, what every process used)
/// and the same content as JSON (<c>--json FILE</c>).
/// </summary>
public sealed class Report(string scenario)
{
    private readonly List<(string Name, string Value)> _rows = [];
    private readonly List<(string Phase, IReadOnlyList<ProcessUsage> Usage)> _usage = [];

    public string Scenario { get; } = scenario;

    /// <summary>The options the run used, for the JSON.</summary>
    public Dictionary<string, object?> Parameters { get; } = [];

    /// <summary>Every figure by a stable key, for the JSON.</summary>
    public Dictionary<string, object?> Results { get; } = [];

    public List<TargetResult> Targets { get; } = [];

    /// <summary>Per phase, what each process used.</summary>
    public IReadOnlyList<(string Phase, IReadOnlyList<ProcessUsage> Usage)> Usage => _usage;

    /// <summary>False when the run itself failed (errors, lost pairs), as opposed to missing a target.</summary>
    public bool Completed { get; set; } = true;

    public static void Progress(string line) =>
        Console.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss.f", CultureInfo.InvariantCulture)}] {line}");

    /// <summary>A progress line every <paramref name="interval"/> until disposed.</summary>
    public static IDisposable Every(TimeSpan interval, Func<string> line)
    {
        var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    Progress(line());
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new Stopper(stop);
    }

    public Report Parameter(string key, object? value)
    {
        Parameters[key] = value;
        return this;
    }

    public Report Row(string name, string value)
    {
        _rows.Add((name, value));
        return this;
    }

    public Report Row(string name, double value, string unit) => Row(name, $"{Format(value)} {unit}");

    /// <summary>A row of the table and a figure of the JSON.</summary>
    public Report Metric(string name, string key, double value, string unit, string? note = null)
    {
        Results[key] = Math.Round(value, 4);
        return Row(name, $"{Format(value)} {unit}{(note is null ? "" : $" ({note})")}");
    }

    public Report Value(string key, object? value)
    {
        Results[key] = value;
        return this;
    }

    public Report Latency(string name, LatencySummary summary) => Row(name, string.Create(CultureInfo.InvariantCulture,
        $"p50 {summary.P50:0.###} ms, p95 {summary.P95:0.###} ms, p99 {summary.P99:0.###} ms, max {summary.Max:0.#} ms (n={summary.Count})"));

    public Report Latency(string name, string key, LatencySummary summary)
    {
        Results[key] = summary;
        return Latency(name, summary);
    }

    public Report Target(string name, string target, string measured, bool met, string? note = null)
    {
        Targets.Add(new TargetResult(name, target, measured, met, note));
        return this;
    }

    public Report ProcessUsage(string phase, IReadOnlyList<ProcessUsage> usage)
    {
        _usage.Add((phase, usage));
        return this;
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"== {Scenario} ==");
        if (_rows.Count > 0)
        {
            var width = _rows.Max(r => r.Name.Length);
            foreach (var (name, value) in _rows)
            {
                Console.WriteLine($"{name.PadRight(width)}  {value}");
            }
        }
        if (Targets.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine("targets:");
            foreach (var target in Targets)
            {
                Console.WriteLine($"  [{(target.Met ? "met" : "MISSED")}] {target.Name}: target {target.Target}, measured {target.Measured}{(target.Note is null ? "" : $" — {target.Note}")}");
            }
        }
        foreach (var (phase, usage) in _usage)
        {
            Console.WriteLine();
            Console.WriteLine($"processes during {phase} (cores: 1.0 = one core busy, of {Environment.ProcessorCount}; JIT s, GC s: CPU of the background JIT and GC threads):");
            var width = usage.Max(u => u.Name.Length);
            Console.WriteLine($"  {"process".PadRight(width)}  {"cores",6}  {"CPU s",7}  {"JIT s",6}  {"GC s",6}  {"RSS MiB start → end",22}");
            foreach (var u in usage)
            {
                var rss = u.RssEndMiB > 0 ? string.Create(CultureInfo.InvariantCulture, $"{u.RssStartMiB,8:0.0} → {u.RssEndMiB,8:0.0}") : "";
                var runtime = u.Pid == 0 && u.JitSeconds == 0 ? $"{"",6}  {"",6}" : string.Create(CultureInfo.InvariantCulture, $"{u.JitSeconds,6:0.00}  {u.GcSeconds,6:0.00}");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {u.Name.PadRight(width)}  {u.Cores,6:0.00}  {u.CpuSeconds,7:0.0}  {runtime}  {rss,22}"));
            }
        }
    }

    public static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "0" : Math.Abs(value) >= 10 ? "0.#" : "0.###", CultureInfo.InvariantCulture);

    private sealed class Stopper(CancellationTokenSource stop) : IDisposable
    {
        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
