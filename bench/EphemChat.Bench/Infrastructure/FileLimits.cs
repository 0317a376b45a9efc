using System.Runtime.InteropServices;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// Raises this process's open-file limit before the system starts: every process it starts inherits the limit, and
/// 10,000 hub connections through the gateway take 20,000 sockets there (one from the client, one to signaling).
/// </summary>
public static partial class FileLimits
{
    // RLIMIT_NOFILE on Linux.
    private const int NoFile = 7;

    /// <summary>Raises the soft and (when allowed, as root) the hard limit to <paramref name="wanted"/>; returns the limit now in force.</summary>
    public static ulong Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || GetRLimit(NoFile, out var limit) != 0)
        {
            return 0;
        }
        if (limit.Current >= wanted)
        {
            return limit.Current;
        }
        var raised = new RLimit { Current = wanted, Maximum = Math.Max(wanted, limit.Maximum) };
        if (SetRLimit(NoFile, ref raised) != 0)
        {
            // Not root: the soft limit can still go up to the hard one.
            raised = new RLimit { Current = limit.Maximum, Maximum = limit.Maximum };
            _ = SetRLimit(NoFile, ref raised);
        }
        return GetRLimit(NoFile, out limit) == 0 ? limit.Current : 0;
    }

    /// <summary>The soft open-file limit in force (0 when unknown).</summary>
    public static ulong Current() => OperatingSystem.IsLinux() && GetRLimit(NoFile, out var limit) == 0 ? limit.Current : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);
}
