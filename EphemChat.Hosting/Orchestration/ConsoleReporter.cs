using System.Text;

namespace EphemChat.Hosting.Orchestration;

/// <summary>
/// Writes each resource's output prefixed with its name (in colour on a terminal) and the table of resources
/// once all are healthy, with the gateway URL last so a person always knows where to go.
/// </summary>
internal sealed class ConsoleReporter : IDisposable
{
    private static readonly ConsoleColor[] s_palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkMagenta];

    private readonly object _gate = new();
    private readonly bool _color = !Console.IsOutputRedirected;
    private readonly int _width;
    private readonly List<(ReplicaRunner Runner, Action<LogLine> Handler, Action<ReplicaRunner> StateHandler)> _subscriptions = [];

    public ConsoleReporter(IReadOnlyList<ReplicaRunner> runners, bool echo)
    {
        _width = runners.Count == 0 ? 0 : runners.Max(r => r.DisplayName.Length);
        var resourceIndex = runners.Select(r => r.Resource.Name).Distinct().Select((name, i) => (name, i)).ToDictionary(x => x.name, x => x.i);
        foreach (var runner in runners)
        {
            var color = s_palette[resourceIndex[runner.Resource.Name] % s_palette.Length];
            Action<LogLine> handler = line => Write(runner.DisplayName, color, line.Text);
            Action<ReplicaRunner> stateHandler = r =>
            {
                if (r.State is ReplicaState.Restarting or ReplicaState.Failed or ReplicaState.Unhealthy)
                {
                    Write(r.DisplayName, color, $"state: {r.State}{(r.LastError is null ? "" : $" ({r.LastError})")}");
                }
            };
            if (echo)
            {
                runner.Logs.LineWritten += handler;
            }
            runner.StateChanged += stateHandler;
            _subscriptions.Add((runner, handler, stateHandler));
        }
    }

    public void Info(string message)
    {
        lock (_gate)
        {
            Console.WriteLine(message);
        }
    }

    public void PrintReady(IReadOnlyList<ReplicaSnapshot> replicas, TimeSpan elapsed, string? gatewayUrl, string? dashboardUrl = null)
    {
        var table = new StringBuilder();
        table.AppendLine();
        table.AppendLine($"All {replicas.Count} replicas healthy in {elapsed.TotalSeconds:0.0} s.");
        table.AppendLine($"  {"resource",-14} {"replica",-8} {"state",-10} {"pid",-8} urls");
        foreach (var replica in replicas)
        {
            table.AppendLine($"  {replica.Resource,-14} {replica.Replica,-8} {replica.State,-10} {replica.ProcessId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",-8} {string.Join(" ", replica.Urls)}");
        }
        if (dashboardUrl is not null)
        {
            table.AppendLine();
            table.AppendLine($"Dashboard: {dashboardUrl}");
        }
        if (gatewayUrl is not null)
        {
            table.AppendLine();
            table.AppendLine($"EphemChat is running: open {gatewayUrl}  (Ctrl+C stops everything)");
        }
        Info(table.ToString());
    }

    public void PrintNotReady(IReadOnlyList<ReplicaSnapshot> replicas, string? reason = null)
    {
        var lines = replicas.Where(r => r.State != ReplicaState.Healthy)
            .Select(r => $"  {r.Resource}-{r.Replica}: {r.State}{(r.LastError is null ? "" : $" ({r.LastError})")}");
        Info($"Not every resource became healthy{(reason is null ? "" : $": {reason}")}.{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    public void Dispose()
    {
        foreach (var (runner, handler, stateHandler) in _subscriptions)
        {
            runner.Logs.LineWritten -= handler;
            runner.StateChanged -= stateHandler;
        }
        _subscriptions.Clear();
    }

    private void Write(string name, ConsoleColor color, string text)
    {
        lock (_gate)
        {
            if (_color)
            {
                Console.ForegroundColor = color;
                Console.Write(name.PadRight(_width));
                Console.ResetColor();
                Console.WriteLine($" | {text}");
            }
            else
            {
                Console.WriteLine($"{name.PadRight(_width)} | {text}");
            }
        }
    }
}
