using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using EphemChat.Testing;

namespace EphemChat.AppHost.Tests;

/// <summary>The run command as a person uses it: a real AppHost process, stopped with Ctrl+C or SIGTERM.</summary>
public sealed class ShutdownTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task StoppingTheAppHostLeavesNoProcessBehind(string signal)
    {
        var port = FreePorts.Next();
        using var appHost = StartAppHost(port);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        appHost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Enqueue(e.Data);
            if (e.Data.Contains($"http://localhost:{port}", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException)
        {
            Assert.Fail("The AppHost did not print the gateway URL:\n" + string.Join("\n", output.TakeLast(40)));
        }
        var children = Descendants(appHost.Id);
        Assert.True(children.Count >= 7, $"expected every resource as a process, found {children.Count}");

        Signal(appHost.Id, signal);
        await appHost.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var survivors = children.Where(IsAlive).ToList();
        Assert.Empty(survivors);
        Assert.Contains(output, line => line.Contains("Stopped.", StringComparison.Ordinal));
    }

    private static Process StartAppHost(int gatewayPort)
    {
        var directory = typeof(Program).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "AppHostProjectDirectory").Value!;
        var configuration = typeof(Program).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, "bin", configuration, "net10.0", "EphemChat.AppHost.dll"));
        info.ArgumentList.Add("--gateway-port");
        info.ArgumentList.Add(gatewayPort.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info)!;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static bool IsAlive(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].TrimStart().StartsWith('Z');

    /// <summary>Every process below <paramref name="root"/>, from /proc.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.GetDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
                }
                catch (IOException)
                {
                }
            }
        }
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var parent = frontier.Dequeue();
            foreach (var (pid, ppid) in parents)
            {
                if (ppid == parent)
                {
                    result.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }
        return result;
    }
}
