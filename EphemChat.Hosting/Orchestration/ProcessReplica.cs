using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EphemChat.Hosting.Orchestration;

/// <summary>A replica that is an operating-system process: a project, an executable or redis-server.</summary>
internal sealed partial class ProcessReplica(
    Resource resource,
    int replica,
    ResourceAllocation allocation,
    Func<ProcessStartInfo> startInfo,
    Func<CancellationToken, Task<bool>> probe) : ReplicaRunner(resource, replica, allocation)
{
    private static readonly TimeSpan s_gracefulStop = TimeSpan.FromSeconds(5);
    private Process? _process;

    public override int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    protected override Task LaunchAsync(CancellationToken cancellationToken)
    {
        var info = startInfo();
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Write(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => Write(e.Data, isError: true);
        process.Exited += (_, _) =>
        {
            // Only the latest process of this replica may report its exit.
            if (ReferenceEquals(_process, process))
            {
                OnUnexpectedExit(SafeExitCode(process));
            }
        };
        if (!process.Start())
        {
            throw new InvalidOperationException($"{info.FileName} did not start.");
        }
        _process = process;
        ProcessRegistry.Track(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    protected override async Task TerminateAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                // SIGTERM first: .NET services shut down gracefully (drain requests, leave presence).
                if (OperatingSystem.IsWindows() || Kill(process.Id, Sigterm) != 0)
                {
                    process.Kill(entireProcessTree: true);
                }
                using var timeout = new CancellationTokenSource(s_gracefulStop);
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            ProcessRegistry.Forget(process);
            process.Dispose();
        }
    }

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken) =>
        _process is { HasExited: false } ? probe(cancellationToken) : Task.FromResult(false);

    private void Write(string? line, bool isError)
    {
        if (line is not null)
        {
            Logs.Write(line, isError);
        }
    }

    private static int SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return -1;
        }
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}

/// <summary>Every child process still running, so that even an abrupt AppHost exit kills them: no orphans.</summary>
internal static class ProcessRegistry
{
    private static readonly HashSet<Process> s_processes = [];

    static ProcessRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Track(Process process)
    {
        lock (s_processes)
        {
            s_processes.Add(process);
        }
    }

    public static void Forget(Process process)
    {
        lock (s_processes)
        {
            s_processes.Remove(process);
        }
    }

    public static void KillAll()
    {
        Process[] processes;
        lock (s_processes)
        {
            processes = [.. s_processes];
        }
        foreach (var process in processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
            }
        }
    }
}
