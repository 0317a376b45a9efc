using System.Globalization;

namespace EphemChat.Bench.Infrastructure;

/// <summary><c>--name value</c> pairs of a scenario, read with defaults; unknown names are reported.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private BenchArguments(Dictionary<string, string> values) => _values = values;

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value', found '{args[i]}'.");
            }
            values[args[i][2..]] = args[++i];
        }
        return new BenchArguments(values);
    }

    public int Int(string name, int fallback) => Read(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    public double Double(string name, double fallback) => Read(name, fallback, s => double.Parse(s, CultureInfo.InvariantCulture));

    public string? String(string name) => Read<string?>(name, null, s => s);

    /// <summary>Fails on options no scenario read, so that a typo does not silently run the defaults.</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", unknown.Select(u => "--" + u))}");
        }
    }

    private T Read<T>(string name, T fallback, Func<string, T> parse)
    {
        _read.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        try
        {
            return parse(text);
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--{name}: '{text}' is not a valid value.");
        }
    }
}
