using System.Diagnostics;
using System.Globalization;
using EphemChat.Bench.Reporting;

namespace EphemChat.Bench.Infrastructure;

/// <summary>A process whose CPU time and memory a scenario reports.</summary>
public sealed record MonitoredProcess(string Name, int Pid);

/// <summary>CPU time and resident memory of every process at one instant, and of the whole machine.</summary>
public sealed record UsageSnapshot(long Timestamp, IReadOnlyDictionary<int, ProcessSample> Processes, double MachineBusySeconds);

/// <summary>One process at one instant: its CPU time, that of its JIT and GC threads, and its RSS.</summary>
public readonly record struct ProcessSample(double CpuSeconds, double JitSeconds, double GcSeconds, double RssMiB);

/// <summary>
/// What one process used between two snapshots: CPU in seconds and in cores, how much of it its background JIT
/// (tiered compilation) and GC threads took, and RSS at both ends.
/// </summary>
public sealed record ProcessUsage(string Name, int Pid, double CpuSeconds, double Cores, double JitSeconds, double GcSeconds, double RssStartMiB, double RssEndMiB);

/// <summary>
/// Reads <c>/proc</c>: each process's user+system time (<c>/proc/PID/stat</c>) and <c>VmRSS</c>
/// (<c>/proc/PID/status</c>), and the machine's busy time (<c>/proc/stat</c>). The load generator shares the cores
/// with the system under test (and with whatever else runs), so every figure comes with what each process used.
/// </summary>
public sealed class ProcessMonitor(IReadOnlyList<MonitoredProcess> processes)
{
    // USER_HZ: the unit of /proc times on Linux.
    private const double TicksPerSecond = 100;

    /// <summary>
    /// Below this share of the CPU in its background JIT threads the system counts as warm. The framework's hot
    /// methods start as ReadyToRun code and are rejitted twice (instrumented, then tier-1) only after enough calls
    /// under the very load being measured; a measurement still paying for that reports up to a third less.
    /// </summary>
    public const double SteadyJitShare = 0.03;

    public IReadOnlyList<MonitoredProcess> Processes { get; } = processes;

    /// <summary>The share of the system's CPU (every monitored process) that went to the background JIT threads.</summary>
    public static double JitShare(IReadOnlyList<ProcessUsage> usage)
    {
        var ours = usage.First(u => u.Name == "ours (sum)");
        return ours.CpuSeconds > 0 ? ours.JitSeconds / ours.CpuSeconds : 0;
    }

    /// <summary>
    /// The warm-up every scenario shares: runs <paramref name="round"/> (given its number, from 0) again and again
    /// until the JIT took less than <see cref="SteadyJitShare"/> of the CPU in one round, or
    /// <paramref name="mayGoOn"/> (given the rounds run so far) says stop. Returns the rounds run and the JIT's share in
    /// the last; with a <paramref name="progressName"/>, reports each round.
    /// </summary>
    public async Task<(int Rounds, double JitShare)> WarmUpAsync(Func<int, Task> round, Func<int, bool> mayGoOn, string? progressName = null)
    {
        var rounds = 0;
        var jitShare = 1.0;
        while (jitShare >= SteadyJitShare && mayGoOn(rounds))
        {
            var start = Take();
            await round(rounds);
            rounds++;
            jitShare = JitShare(Between(start, Take()));
            if (progressName is not null)
            {
                Report.Progress(string.Create(CultureInfo.InvariantCulture, $"{progressName} {rounds}: the JIT took {jitShare:P1} of the CPU"));
            }
        }
        return (rounds, jitShare);
    }

    public UsageSnapshot Take()
    {
        var values = new Dictionary<int, ProcessSample>();
        foreach (var process in Processes)
        {
            var (jit, gc) = RuntimeThreadSeconds(process.Pid);
            values[process.Pid] = new ProcessSample(CpuSeconds(process.Pid), jit, gc, RssMiB(process.Pid));
        }
        return new UsageSnapshot(Stopwatch.GetTimestamp(), values, MachineBusySeconds());
    }

    /// <summary>Per process, then <c>ours</c> (their sum), <c>machine</c> (every process on it) and <c>other</c> (the difference).</summary>
    public IReadOnlyList<ProcessUsage> Between(UsageSnapshot start, UsageSnapshot end)
    {
        var seconds = Math.Max(Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds, 1e-3);
        var usage = Processes
            .Where(p => start.Processes.ContainsKey(p.Pid) && end.Processes.ContainsKey(p.Pid))
            .Select(p =>
            {
                var (a, b) = (start.Processes[p.Pid], end.Processes[p.Pid]);
                // A runtime thread that exited takes its time with it (the JIT thread stops when idle): never below 0.
                return new ProcessUsage(p.Name, p.Pid, b.CpuSeconds - a.CpuSeconds, (b.CpuSeconds - a.CpuSeconds) / seconds,
                    Math.Max(0, b.JitSeconds - a.JitSeconds), Math.Max(0, b.GcSeconds - a.GcSeconds), a.RssMiB, b.RssMiB);
            })
            .ToList();
        var ours = usage.Sum(u => u.CpuSeconds);
        var machine = end.MachineBusySeconds - start.MachineBusySeconds;
        usage.Add(new ProcessUsage("ours (sum)", 0, ours, ours / seconds, usage.Sum(u => u.JitSeconds), usage.Sum(u => u.GcSeconds),
            usage.Sum(u => u.RssStartMiB), usage.Sum(u => u.RssEndMiB)));
        usage.Add(new ProcessUsage("other processes", 0, machine - ours, Math.Max(0, machine - ours) / seconds, 0, 0, 0, 0));
        usage.Add(new ProcessUsage("machine", 0, machine, machine / seconds, 0, 0, 0, 0));
        return usage;
    }

    /// <summary>
    /// Waits until the system under test (every process but the load generator) has settled after a warm-up: over a
    /// second it used less than <paramref name="maxCores"/>, or its background JIT threads did nothing and it used
    /// less than <paramref name="busyCores"/> (thousands of idle connections keep it above the first threshold with
    /// their keep-alives). Returns how long that took (at most <paramref name="timeout"/>).
    /// </summary>
    public async Task<TimeSpan> WaitForQuietAsync(double maxCores, TimeSpan timeout, double busyCores = 0.6)
    {
        var clock = Stopwatch.StartNew();
        var system = Processes.Where(p => p.Pid != Environment.ProcessId).ToList();
        (double Cpu, double Jit) Sample() => (system.Sum(p => CpuSeconds(p.Pid)), system.Sum(p => RuntimeThreadSeconds(p.Pid).Jit));
        var before = Sample();
        while (clock.Elapsed < timeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var now = Sample();
            var cores = now.Cpu - before.Cpu;
            if (cores < maxCores || (now.Jit - before.Jit <= 0 && cores < busyCores))
            {
                break;
            }
            before = now;
        }
        return clock.Elapsed;
    }

    /// <summary>Open file descriptors (sockets included) of a process, and its limit.</summary>
    public static (int Open, long Limit) OpenFiles(int pid)
    {
        try
        {
            var open = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
            var line = File.ReadLines($"/proc/{pid}/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var limit = line is null ? 0 : long.Parse(line["Max open files".Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
            return (open, limit);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return (0, 0);
        }
    }

    public double RssMiBOf(string name) =>
        Processes.FirstOrDefault(p => p.Name == name) is { } process ? RssMiB(process.Pid) : 0;

    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: fields are counted after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static double RssMiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU time of the runtime's background JIT thread (tiered compilation) and of its GC threads.</summary>
    private static (double Jit, double Gc) RuntimeThreadSeconds(int pid)
    {
        double jit = 0, gc = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(task, "stat"));
                }
                catch (IOException)
                {
                    continue;
                }
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var name = stat[(open + 1)..close];
                var isJit = name.StartsWith(".NET Tiered", StringComparison.Ordinal);
                var isGc = name.StartsWith(".NET Server GC", StringComparison.Ordinal) || name.StartsWith(".NET BGC", StringComparison.Ordinal)
                    || name.StartsWith(".NET Background", StringComparison.Ordinal);
                if (!isJit && !isGc)
                {
                    continue;
                }
                var fields = stat[(close + 2)..].Split(' ');
                var seconds = (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
                if (isJit)
                {
                    jit += seconds;
                }
                else
                {
                    gc += seconds;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
        return (jit, gc);
    }

    private static double MachineBusySeconds()
    {
        if (!File.Exists("/proc/stat"))
        {
            return 0;
        }
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal: busy is everything but idle and iowait.
        return (fields.Sum() - fields[3] - fields[4]) / TicksPerSecond;
    }
}
