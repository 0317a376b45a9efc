using System.Diagnostics;
using System.Reflection;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// A helper server (the store, the raw WebSocket echo server) run as this same program in its own process, so that
/// its CPU and memory are measured apart from the load generator. It says <c>ready</c> on stdout once listening and
/// exits when its stdin closes, so it never outlives the bench, even when the bench is killed.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    public const string ReadyLine = "ready";

    private readonly Process _process;

    private ChildProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>Starts <c>bench MODE args...</c> and waits for its <c>ready</c> line.</summary>
    public static Task<ChildProcess> StartAsync(string name, string mode, params string[] args) =>
        StartAsync(name, mode, new Dictionary<string, string>(), args);

    /// <summary>The same, with more environment variables than this process has.</summary>
    public static async Task<ChildProcess> StartAsync(string name, string mode, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet run` the process is the apphost; under `dotnet bench.dll` it is dotnet itself.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        info.ArgumentList.Add(mode);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (variable, value) in environment)
        {
            info.Environment[variable] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name} did not start.");
        var errors = new List<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                line = null;
            }
            if (line == ReadyLine)
            {
                break;
            }
            if (line is null)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{name} did not become ready: {string.Join(" | ", errors.TakeLast(10))}");
            }
        }
        // Keep draining its output so it never blocks on a full pipe.
        _ = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is not null)
            {
            }
        });
        return new ChildProcess(process, name);
    }

    /// <summary>In the child: blocks until the parent closes stdin (it stopped or died).</summary>
    public static async Task WaitForParentAsync()
    {
        Console.Out.WriteLine(ReadyLine);
        await Console.Out.FlushAsync();
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[64];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!await WaitAsync(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
                await WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        _process.Dispose();
    }

    private async Task<bool> WaitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
