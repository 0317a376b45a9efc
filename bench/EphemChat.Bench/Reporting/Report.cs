using System.Globalization;

namespace EphemChat.Bench.Reporting;

/// <summary>Progress lines while a scenario runs and one aligned result table at the end.</summary>
public sealed class Report(string scenario)
{
    private readonly List<(string Name, string Value)> _rows = [];

    public static void Progress(string line) =>
        Console.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss.f", CultureInfo.InvariantCulture)}] {line}");

    public Report Row(string name, string value)
    {
        _rows.Add((name, value));
        return this;
    }

    public Report Row(string name, double value, string unit) => Row(name, $"{value.ToString("0.##", CultureInfo.InvariantCulture)} {unit}");

    public Report Latency(string name, LatencySummary summary) => Row(name, string.Create(CultureInfo.InvariantCulture,
        $"p50 {summary.P50:0.#} ms, p95 {summary.P95:0.#} ms, p99 {summary.P99:0.#} ms, max {summary.Max:0.#} ms (n={summary.Count})"));

    public void Print()
    {
        var width = _rows.Max(r => r.Name.Length);
        Console.WriteLine();
        Console.WriteLine($"== {scenario} ==");
        foreach (var (name, value) in _rows)
        {
            Console.WriteLine($"{name.PadRight(width)}  {value}");
        }
    }
}
