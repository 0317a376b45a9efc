using System.Diagnostics;
using System.Globalization;
using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace EphemChat.Bench.Scenarios;

/// <summary>
/// Connection capacity: N hub connections through the gateway (each its own person by default), opened at a bounded
/// concurrency and held. Memory per connection is the growth of each process's RSS from a baseline taken with a
/// first batch already open (so start-up and JIT are not counted) to the end of the hold, divided by the
/// connections opened in between.
/// </summary>
public static class ConnectionsScenario
{
    public const string Usage = """
        connections: --connections 10000 --users 0 (distinct people; 0: one per connection) --concurrency 64
                     --gateway-replicas 0 (0: as many as this machine's open-file limit needs; clients spread over them) --baseline 250 (connections open before the memory baseline) --hold-s 35 (over two keep-alive intervals) --redis redis-server|host:port --service-env NAME=VALUE;...
        """;

    private const int TargetConnections = 10_000;
    private const double TargetKBPerConnection = 30;

    // Files a gateway process uses besides proxied connections (assemblies, pooled connections, listeners), with margin.
    private const int GatewayReservedFiles = 1_000;

    public static async Task<Report> RunAsync(BenchArguments args)
    {
        var count = args.Int("connections", 10_000);
        var userCount = args.Int("users", 0) is var u and > 0 ? u : count;
        var concurrency = args.Int("concurrency", 64);
        var baseline = args.Int("baseline", 250);
        var gatewayReplicasOption = args.Int("gateway-replicas", 0);
        var hold = TimeSpan.FromSeconds(args.Double("hold-s", 35));
        var systemOptions = SystemOptions.Read(args);
        args.RejectUnknown();
        // Every connection holds two sockets in its gateway process (the client's and the one to signaling); one process
        // may hold at most its open-file limit (20,000 on the machine these figures come from, not raisable there).
        var fileLimit = (long)Math.Max(FileLimits.Current(), 1_024UL);
        var gatewayReplicas = gatewayReplicasOption > 0 ? gatewayReplicasOption
            : (int)Math.Max(1, Math.Ceiling(2.0 * count / (fileLimit - GatewayReservedFiles)));
        if (gatewayReplicasOption < 0 || count < 2 || userCount > count || concurrency < 1 || baseline < 1 || baseline >= count || hold < TimeSpan.Zero)
        {
            throw new ArgumentException("--gateway-replicas ≥ 1, --connections ≥ 2, 1 ≤ --baseline < --connections, --users ≤ --connections, --concurrency ≥ 1, --hold-s ≥ 0.");
        }
        var report = new Report("connections")
            .Parameter("connections", count).Parameter("users", userCount).Parameter("concurrency", concurrency)
            .Parameter("baseline", baseline).Parameter("gatewayReplicas", gatewayReplicasOption).Parameter("holdSeconds", hold.TotalSeconds);
        systemOptions.Describe(report);

        // More than one gateway process: the open-file limit of one process bounds the connections it can proxy.
        await using var system = await BenchSystem.StartAsync(systemOptions, builder => builder["gateway"].Replicas = gatewayReplicas);
        // The framework's floors, each its own process: a bare hub, and a bare hub on the system's store as backplane.
        var bareHubPort = HelperServers.FreePort();
        await using var bareHub = await ChildProcess.StartAsync("bare SignalR hub", BareHub.Mode, BareHub.Environment, "--port", HelperServers.Text(bareHubPort));
        var backplaneHubPort = HelperServers.FreePort();
        await using var backplaneHub = system.StoreConnection is { } storeConnection
            ? await ChildProcess.StartAsync("bare SignalR hub + backplane", BareHub.Mode, BareHub.Environment, "--port", HelperServers.Text(backplaneHubPort), "--redis", storeConnection)
            : null;
        var gateways = Enumerable.Range(0, gatewayReplicas).Select(r => system.App.GetEndpoint("gateway", "http", r)).ToArray();
        var monitor = backplaneHub is null ? system.Monitor(bareHub) : system.Monitor(bareHub, backplaneHub);
        using var api = new ApiClient(system.Gateway, concurrency);

        var accounts = await Setup.RunAsync("accounts", userCount, concurrency,
            (i, token) => api.CreateUserAsync($"Conn {i}", token), TimeSpan.FromMinutes(3));
        var closed = 0;
        var connectLatency = new LatencyStats();
        var connections = new HubConnection?[count];
        async Task<bool> OpenAsync(int i, CancellationToken token)
        {
            var user = accounts.Results[i % userCount] ?? throw new InvalidOperationException("The account was not created.");
            var connection = HubClients.Create(gateways[i % gateways.Length], system.Origin, user);
            connection.Closed += _ =>
            {
                Interlocked.Increment(ref closed);
                return Task.CompletedTask;
            };
            var started = Stopwatch.GetTimestamp();
            await connection.StartAsync(token);
            connectLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            connections[i] = connection;
            return true;
        }

        // A first batch, then the baseline: what start-up, JIT and pools cost is not counted per connection.
        var first = await Setup.RunAsync("baseline connections", baseline, concurrency, OpenAsync, TimeSpan.FromMinutes(1));
        var quiet = await monitor.WaitForQuietAsync(0.15, TimeSpan.FromSeconds(30));
        Report.Progress($"settled after {quiet.TotalSeconds:0.0} s; baseline taken");
        var before = monitor.Take();
        var watched = monitor.Processes.Where(p => p.Name.StartsWith("gateway", StringComparison.Ordinal) || p.Name.StartsWith("signaling", StringComparison.Ordinal))
            .Select(p => p.Name).ToList();

        var rest = count - baseline;
        var opened = 0;
        var errors = 0;
        string? firstError = null;
        var clock = Stopwatch.StartNew();
        using (Report.Every(TimeSpan.FromSeconds(1), () => string.Create(CultureInfo.InvariantCulture,
            $"connections: {baseline + Volatile.Read(ref opened)}/{count} open, {Volatile.Read(ref errors)} errors, {Volatile.Read(ref closed)} closed; RSS MiB {string.Join(", ", watched.Select(w => $"{w} {monitor.RssMiBOf(w):0}"))}")))
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            try
            {
                await Parallel.ForEachAsync(Enumerable.Range(baseline, rest), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = deadline.Token },
                    async (i, token) =>
                    {
                        try
                        {
                            await OpenAsync(i, token);
                            Interlocked.Increment(ref opened);
                        }
                        catch (Exception ex) when (!deadline.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, $"{ex.GetType().Name}: {ex.Message}", null);
                        }
                    });
            }
            catch (OperationCanceledException)
            {
                firstError ??= "opening did not finish within 5 minutes";
            }
            var openSeconds = clock.Elapsed.TotalSeconds;
            report.Metric("connection rate", "connectionsPerSecond", opened / openSeconds, "connections/s",
                $"{opened} in {openSeconds:0.0} s at concurrency {concurrency}");
            Report.Progress($"holding {baseline + opened} connections for {hold.TotalSeconds} s");
            await Task.Delay(hold);
        }
        var after = monitor.Take();
        var usage = monitor.Between(before, after);
        var alive = connections.Count(c => c?.State == HubConnectionState.Connected);
        var closedWhileHeld = Volatile.Read(ref closed);
        // Each connection through a gateway holds two sockets there: the per-process open-file limit bounds them.
        var openFiles = monitor.Processes.Where(p => p.Name.StartsWith("gateway", StringComparison.Ordinal) || p.Name.StartsWith("signaling", StringComparison.Ordinal)
                || p.Name.StartsWith("bench", StringComparison.Ordinal))
            .Select(p => (p.Name, Files: ProcessMonitor.OpenFiles(p.Pid))).ToList();

        Report.Progress("closing connections");
        var closeClock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(connections.OfType<HubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (c, _) => await c.DisposeAsync());

        // The framework's floor: as many connections to a bare SignalR hub (no gateway, authentication, presence or
        // backplane), measured the same way once the system's connections are closed.
        var bare = await BareHubKiBPerConnectionAsync("bare SignalR hub", bareHubPort, count, baseline, concurrency, hold, monitor);
        var backplane = backplaneHub is null ? default
            : await BareHubKiBPerConnectionAsync("bare SignalR hub + backplane", backplaneHubPort, count, baseline, concurrency, hold, monitor);

        double PerConnectionKiB(Func<ProcessUsage, bool> which) =>
            opened == 0 ? 0 : usage.Where(which).Sum(u => u.RssEndMiB - u.RssStartMiB) * 1024 / opened;
        var signaling = PerConnectionKiB(x => x.Name.StartsWith("signaling", StringComparison.Ordinal));
        var gateway = PerConnectionKiB(x => x.Name.StartsWith("gateway", StringComparison.Ordinal));
        var bench = PerConnectionKiB(x => x.Name.StartsWith("bench", StringComparison.Ordinal));
        var store = PerConnectionKiB(x => x.Name.StartsWith("redis", StringComparison.Ordinal));

        report.Row("gateway processes", gatewayReplicasOption > 0 ? $"{gatewayReplicas} (--gateway-replicas)"
                : $"{gatewayReplicas}: two sockets per connection in a gateway process, {fileLimit} open files per process")
            .Row("people", $"{userCount - accounts.Errors} accounts ({accounts.Errors} errors), {count / (double)userCount:0.##} connection(s) each")
            .Metric("connections open at the end of the hold", "connectionsHeld", alive, "", $"of {count}; {errors + first.Errors} failed to open, {closedWhileHeld} closed meanwhile")
            .Latency("connect time (WebSocket + SignalR handshake)", "connectMs", connectLatency.Summarize())
            .Metric("signaling RSS per connection", "signalingKiBPerConnection", signaling, "KiB", "both replicas together, RSS growth / connections opened after the baseline")
            .Metric("bare SignalR hub RSS per connection", "bareHubKiBPerConnection", bare.KiB, "KiB",
                $"the framework alone: {bare.Opened} WebSocket connections straight to a hub with nothing else, {bare.Errors} errors")
            .Metric("bare SignalR hub + Redis backplane RSS per connection", "backplaneHubKiBPerConnection", backplane.KiB, "KiB",
                backplaneHub is null ? "not measured (--redis redis-server)"
                : $"the same hub with the backplane on the system's store and a user id per connection, as signaling has: {backplane.Opened} connections, {backplane.Errors} errors")
            .Metric("gateway RSS per connection", "gatewayKiBPerConnection", gateway, "KiB")
            .Metric("store RSS per connection", "storeKiBPerConnection", store, "KiB", "presence entries")
            .Metric("load generator RSS per connection", "benchKiBPerConnection", bench, "KiB", "the .NET SignalR client")
            .Metric("closing took", "closeSeconds", closeClock.Elapsed.TotalSeconds, "s")
            .Row("open files at the end of the hold", string.Join(", ", openFiles.Select(f => $"{f.Name} {f.Files.Open} of {f.Files.Limit}")))
            .ProcessUsage($"opening and holding {opened} connections", usage);
        if (firstError is not null || first.FirstError is not null)
        {
            report.Row("first error", firstError ?? first.FirstError!);
            foreach (var line in system.RecentServiceLogs().Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).TakeLast(12))
            {
                Report.Progress(line);
            }
        }
        // Each proxied connection holds two sockets in its gateway process: near the open-file limit, that is the bound.
        var gatewayFiles = openFiles.Where(f => f.Name.StartsWith("gateway", StringComparison.Ordinal)).ToList();
        var fileBound = gatewayFiles.Count > 0 && gatewayFiles.All(f => f.Files.Limit > 0 && f.Files.Open >= 0.95 * f.Files.Limit);
        report.Target("concurrent hub connections through the gateway", $"≥ {TargetConnections}", $"{alive}", alive >= TargetConnections,
            count < TargetConnections ? $"this run opened {count}; run with --connections {TargetConnections}"
            : fileBound ? string.Create(CultureInfo.InvariantCulture,
                $"bounded by the gateway's open-file limit: {string.Join(", ", gatewayFiles.Select(f => $"{f.Name} {f.Files.Open} of {f.Files.Limit}"))} (two sockets per connection; the hard limit cannot be raised here); --gateway-replicas 2 spreads them")
            : null);
        report.Target("memory per connection in signaling", $"< {TargetKBPerConnection} KB", string.Create(CultureInfo.InvariantCulture, $"{signaling * 1.024:0.0} KB ({signaling:0.0} KiB)"),
            signaling * 1.024 < TargetKBPerConnection,
            string.Create(CultureInfo.InvariantCulture,
                $"a bare SignalR hub holds {bare.KiB * 1.024:0.0} KB per connection on this runtime, {backplane.KiB * 1.024:0.0} KB with the Redis backplane"));
        foreach (var (name, files) in openFiles)
        {
            report.Value($"openFiles.{name}", files.Open).Value($"openFileLimit.{name}", files.Limit);
        }
        // The run worked when (nearly) every connection opened; a few refused at a process's open-file limit are a
        // finding, not a broken run.
        report.Completed = alive >= 0.95 * count && first.Errors == 0;
        return report;
    }

    /// <summary>RSS growth per connection of the bare hub, opened and held as the scenario does through the gateway.</summary>
    private static async Task<(double KiB, int Opened, int Errors)> BareHubKiBPerConnectionAsync(
        string name, int port, int count, int baseline, int concurrency, TimeSpan hold, ProcessMonitor monitor)
    {
        var connections = new HubConnection?[count];
        async Task<bool> OpenAsync(int i, CancellationToken token)
        {
            var connection = BareHub.Client(port);
            await connection.StartAsync(token);
            connections[i] = connection;
            return true;
        }
        await Setup.RunAsync($"{name}: baseline connections", baseline, concurrency, OpenAsync, TimeSpan.FromMinutes(1));
        await monitor.WaitForQuietAsync(0.15, TimeSpan.FromSeconds(30));
        var before = monitor.Take();
        var rest = await Setup.RunAsync($"{name}: connections", count - baseline, concurrency,
            (i, token) => OpenAsync(baseline + i, token), TimeSpan.FromMinutes(5));
        Report.Progress($"{name}: holding {count - rest.Errors} connections for {hold.TotalSeconds} s");
        await Task.Delay(hold);
        var usage = monitor.Between(before, monitor.Take()).First(u => u.Name == name);
        await Parallel.ForEachAsync(connections.OfType<HubConnection>(), new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (c, _) => await c.DisposeAsync());
        var opened = count - baseline - rest.Errors;
        return (opened == 0 ? 0 : (usage.RssEndMiB - usage.RssStartMiB) * 1024 / opened, opened, rest.Errors);
    }
}
