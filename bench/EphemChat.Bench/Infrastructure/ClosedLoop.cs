using System.Diagnostics;
using System.Globalization;
using EphemChat.Bench.Reporting;

namespace EphemChat.Bench.Infrastructure;

/// <summary>What one closed-loop run delivered while it was measured, and what every process used meanwhile.</summary>
public sealed record LoopResult(long Delivered, double Seconds, double PerSecond, LatencySummary Latency, long Errors, string? FirstError,
    IReadOnlyList<ProcessUsage> Usage);

/// <summary>
/// A closed loop of messages over many flows: each flow keeps at most <c>window</c> messages in flight and sends the
/// next one when one is delivered. A message id carries its flow and its send time, so whoever receives it knows
/// whose window to reopen and how long it took, with no shared table. Delivered messages and their latency count
/// only within the measured window, after a warm-up.
/// </summary>
public sealed class ClosedLoop
{
    private readonly SemaphoreSlim[] _windows;
    private readonly LatencyStats _latency = new();
    private long _sequence;
    private long _delivered;
    private long _errors;
    private string? _firstError;
    private volatile bool _measuring;

    // The warm-up goes on in slices until the JIT is nearly idle (ProcessMonitor.SteadyJitShare), at most this long.
    private static readonly TimeSpan s_warmupSlice = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_maxWarmup = TimeSpan.FromSeconds(90);

    public ClosedLoop(int flows, int window)
    {
        _windows = [.. Enumerable.Range(0, flows).Select(_ => new SemaphoreSlim(window))];
    }

    public int Flows => _windows.Length;

    /// <summary>An id for the next message of <paramref name="flow"/>: <c>flow-sequence-timestamp</c>.</summary>
    public string NewId(int flow) => string.Create(CultureInfo.InvariantCulture,
        $"{flow}-{Interlocked.Increment(ref _sequence)}-{Stopwatch.GetTimestamp()}");

    /// <summary>A message arrived where it was going: reopen its flow's window, count it and its latency.</summary>
    public void Delivered(string? id)
    {
        if (id is null)
        {
            return;
        }
        var firstDash = id.IndexOf('-', StringComparison.Ordinal);
        var lastDash = id.LastIndexOf('-');
        if (firstDash <= 0 || lastDash <= firstDash
            || !int.TryParse(id.AsSpan(0, firstDash), NumberStyles.None, CultureInfo.InvariantCulture, out var flow)
            || !long.TryParse(id.AsSpan(lastDash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sentAt)
            || flow >= _windows.Length)
        {
            return;
        }
        if (_measuring)
        {
            Interlocked.Increment(ref _delivered);
            _latency.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
        }
        _windows[flow].Release();
    }

    /// <summary>A message failed: count it and reopen its window, so one failure does not stall its flow.</summary>
    public void Failed(int flow, Exception error)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, $"{error.GetType().Name}: {error.Message}", null);
        _windows[flow].Release();
    }

    /// <summary>
    /// Runs every flow (<paramref name="send"/> returns once the message is handed over, not delivered) through a
    /// warm-up (at least <paramref name="warmup"/>, then until the JIT is nearly idle) and a measured window; afterwards
    /// waits briefly for messages still in flight.
    /// </summary>
    public async Task<LoopResult> RunAsync(string name, Func<int, string, Task> send, TimeSpan warmup, TimeSpan duration, ProcessMonitor monitor)
    {
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, Flows).Select(flow => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await _windows[flow].WaitAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                var id = NewId(flow);
                try
                {
                    await send(flow, id);
                }
                catch (Exception ex) when (!stop.IsCancellationRequested)
                {
                    Failed(flow, ex);
                }
                catch (Exception)
                {
                    return;
                }
            }
        })).ToList();

        var clock = Stopwatch.StartNew();
        Report.Progress($"{name}: {Flows} flows, warming up for {warmup.TotalSeconds} s");
        await Task.Delay(warmup);
        // The flows keep sending meanwhile: a round is a slice of time.
        var (_, jitShare) = await monitor.WarmUpAsync(_ => Task.Delay(s_warmupSlice), _ => clock.Elapsed < s_maxWarmup);
        Report.Progress(string.Create(CultureInfo.InvariantCulture,
            $"{name}: warmed up for {clock.Elapsed.TotalSeconds:0} s; the JIT took {jitShare:P1} of the CPU in the last {s_warmupSlice.TotalSeconds} s"));
        var start = monitor.Take();
        var measured = Stopwatch.StartNew();
        _measuring = true;
        using (Report.Every(TimeSpan.FromSeconds(1), () => string.Create(CultureInfo.InvariantCulture,
            $"{name}: {Interlocked.Read(ref _delivered) / Math.Max(measured.Elapsed.TotalSeconds, 1e-3):0} messages/s, {Interlocked.Read(ref _errors)} errors")))
        {
            await Task.Delay(duration);
        }
        _measuring = false;
        var seconds = measured.Elapsed.TotalSeconds;
        var usage = monitor.Between(start, monitor.Take());
        await stop.CancelAsync();
        await Task.WhenAll(senders).WaitAsync(TimeSpan.FromSeconds(10));
        // Let what is in flight arrive, so that it does not spill into the next run.
        await Task.Delay(TimeSpan.FromSeconds(1));

        var delivered = Interlocked.Read(ref _delivered);
        return new LoopResult(delivered, seconds, delivered / seconds, _latency.Summarize(), Interlocked.Read(ref _errors), _firstError, usage);
    }
}
