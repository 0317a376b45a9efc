using System.Globalization;
using System.Runtime.InteropServices;

namespace EphemChat.Bench.Infrastructure;

/// <summary>The machine a run came from, as the README's Performance section reports it.</summary>
public sealed record Machine(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverage, ulong OpenFileLimit)
{
    public static Machine Describe(ulong openFileLimit) => new(
        ReadProc("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(double.Parse(ReadProc("/proc/meminfo", "MemTotal")?.Split(' ')[0] ?? "0", CultureInfo.InvariantCulture) / 1024 / 1024, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "",
        openFileLimit);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores ({Cpu}), {MemoryGiB} GiB, {Os}, {Runtime}; load average at start {LoadAverage}");

    private static string? ReadProc(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        return File.ReadLines(path)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
