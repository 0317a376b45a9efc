using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Reporting;
using Microsoft.AspNetCore.SignalR.Client;

namespace EphemChat.Bench.Scenarios;

/// <summary>
/// The signaling relay against its physical reference, in one run: P matched pairs (two people, one enclave, both
/// entered as peers) exchange <c>Signal</c>s through the hub via the gateway, every connection keeping a window of
/// signals in flight to its partner; then the same connections, window and bytes go to a bare Kestrel WebSocket echo
/// server on loopback. Messages per second, latency (sent → delivered) and the ratio relay / raw.
/// </summary>
public static class RelayScenario
{
    public const string Usage = """
        relay: --pairs 50 --window 4 (signals in flight per connection) --payload-bytes 256 (the signal's JSON payload)
               --duration-s 10 --warmup-s 10 --setup-concurrency 32 --signaling-replicas 0 (0: the AppHost's, 2)
               --redis redis-server|host:port --service-env NAME=VALUE;...
        """;

    private const double TargetRatio = 0.5;

    // After a warm-up, the system counts as settled below this CPU (in cores) over a second.
    private const double QuietCores = 0.15;
    private static readonly TimeSpan s_quietTimeout = TimeSpan.FromSeconds(30);
    // Every measured run starts with this ramp, so that windows are full when counting starts.
    private static readonly TimeSpan s_ramp = TimeSpan.FromSeconds(1);

    public static async Task<Report> RunAsync(BenchArguments args)
    {
        var pairs = args.Int("pairs", 50);
        var window = args.Int("window", 4);
        var payloadBytes = args.Int("payload-bytes", 256);
        var duration = TimeSpan.FromSeconds(args.Double("duration-s", 10));
        var warmup = TimeSpan.FromSeconds(args.Double("warmup-s", 10));
        var setupConcurrency = args.Int("setup-concurrency", 32);
        var signalingReplicas = args.Int("signaling-replicas", 0);
        var systemOptions = SystemOptions.Read(args);
        args.RejectUnknown();
        if (pairs < 1 || window < 1 || payloadBytes is < 64 or > 15_000 || duration <= TimeSpan.Zero || warmup < TimeSpan.Zero || setupConcurrency < 1 || signalingReplicas < 0)
        {
            throw new ArgumentException("--pairs ≥ 1, --window ≥ 1, 64 ≤ --payload-bytes ≤ 15000 (the hub's limit is 16 KiB), --duration-s > 0, --warmup-s ≥ 0, --signaling-replicas ≥ 0.");
        }
        var report = new Report("relay")
            .Parameter("pairs", pairs).Parameter("window", window).Parameter("payloadBytes", payloadBytes)
            .Parameter("durationSeconds", duration.TotalSeconds).Parameter("warmupSeconds", warmup.TotalSeconds)
            .Parameter("signalingReplicas", signalingReplicas == 0 ? null : signalingReplicas);
        systemOptions.Describe(report);

        var echoPort = HelperServers.FreePort();
        await using var echo = await ChildProcess.StartAsync("echo server (raw)", HelperServers.EchoMode, "--port", HelperServers.Text(echoPort));
        var bareHubPort = HelperServers.FreePort();
        await using var bareHub = await ChildProcess.StartAsync("bare SignalR hub", BareHub.Mode, BareHub.Environment, "--port", HelperServers.Text(bareHubPort));
        // Two bare hubs on the system's store as their backplane, started once the store runs: signaling's topology.
        int[] replicatedHubPorts = [HelperServers.FreePort(), HelperServers.FreePort()];
        // A route of the bench's own on the gateway to the echo server: the proxy hop alone, measured the same way.
        await using var system = await BenchSystem.StartAsync(systemOptions, builder =>
        {
            if (signalingReplicas > 0)
            {
                builder["signaling"].Replicas = signalingReplicas;
            }
            var gateway = builder["gateway"].Environment;
            gateway["ReverseProxy__Routes__benchecho__ClusterId"] = "benchecho";
            gateway["ReverseProxy__Routes__benchecho__Match__Path"] = HelperServers.GatewayEchoPath + "/{**rest}";
            gateway["ReverseProxy__Clusters__benchecho__Destinations__echo__Address"] = $"http://127.0.0.1:{echoPort}/";
            gateway["ReverseProxy__Routes__benchhub__ClusterId"] = "benchhub";
            gateway["ReverseProxy__Routes__benchhub__Match__Path"] = BareHub.GatewayPath + "/{**rest}";
            gateway["ReverseProxy__Clusters__benchhub__Destinations__hub__Address"] = $"http://127.0.0.1:{bareHubPort}/";
            gateway["ReverseProxy__Routes__benchhubs__ClusterId"] = "benchhubs";
            gateway["ReverseProxy__Routes__benchhubs__Match__Path"] = BareHub.ReplicatedGatewayPath + "/{**rest}";
            for (var i = 0; i < replicatedHubPorts.Length; i++)
            {
                gateway[$"ReverseProxy__Clusters__benchhubs__Destinations__hub{i}__Address"] = $"http://127.0.0.1:{replicatedHubPorts[i]}/";
            }
        });
        var replicatedHubs = new List<ChildProcess>();
        if (system.StoreConnection is { } storeConnection)
        {
            for (var i = 0; i < replicatedHubPorts.Length; i++)
            {
                replicatedHubs.Add(await ChildProcess.StartAsync($"bare SignalR hub + backplane-{i}", BareHub.Mode, BareHub.Environment,
                    "--port", HelperServers.Text(replicatedHubPorts[i]), "--redis", storeConnection));
            }
        }
        await using var stopReplicatedHubs = new ChildProcessGroup(replicatedHubs);
        var monitor = system.Monitor([echo, bareHub, .. replicatedHubs]);
        using var api = new ApiClient(system.Gateway, setupConcurrency);

        // Setup: 2P people, P enclaves (one creates, the other joins with the invite), 2P hub connections, all entered.
        var accounts = await Setup.RunAsync("accounts", 2 * pairs, setupConcurrency,
            (i, token) => api.CreateUserAsync($"Relay {i}", token), TimeSpan.FromMinutes(2));
        var rooms = await Setup.RunAsync("enclaves", pairs, setupConcurrency, async (p, token) =>
        {
            var (a, b) = (Need(accounts.Results[2 * p]), Need(accounts.Results[2 * p + 1]));
            var room = await api.CreateRoomAsync(a, token);
            await api.JoinRoomAsync(b, room, token);
            return room;
        }, TimeSpan.FromMinutes(2));
        // The hub handlers deliver to whichever loop runs now: the warm-up's, then the measured one.
        ClosedLoop? relayLoop = null;
        var connections = await Setup.RunAsync("hub connections", 2 * pairs, setupConcurrency, async (i, token) =>
        {
            var connection = HubClients.Create(system.Gateway, system.Origin, Need(accounts.Results[i]));
            connection.On<JsonElement>("Signal", body => relayLoop?.Delivered(body.GetProperty("id").GetString()));
            await connection.StartAsync(token);
            return connection;
        }, TimeSpan.FromMinutes(2));
        var peerIds = new string?[2 * pairs];
        var entered = await Setup.RunAsync("entering rooms", pairs, setupConcurrency, async (p, token) =>
        {
            var roomId = Need(rooms.Results[p]).Id;
            for (var i = 2 * p; i <= 2 * p + 1; i++)
            {
                var result = await Need(connections.Results[i]).InvokeAsync<JsonElement>("EnterRoom", roomId, token);
                peerIds[i] = result.GetProperty("peerId").GetString();
            }
            return true;
        }, TimeSpan.FromMinutes(2));
        var setupErrors = accounts.Errors + rooms.Errors + connections.Errors + entered.Errors;
        if (setupErrors > 0)
        {
            report.Completed = false;
            report.Row("setup", $"{setupErrors} errors: {accounts.FirstError ?? rooms.FirstError ?? connections.FirstError ?? entered.FirstError}");
            return report;
        }

        var payload = JsonDocument.Parse(Payload(payloadBytes)).RootElement.Clone();
        static int Partner(int flow) => flow ^ 1;

        // Signal(roomId, partner's peer id, "candidate", payload, id), invoked as the web app does. Handed over: the
        // window reopens on delivery at the partner (or on failure).
        Task Invoke(ClosedLoop loop, int flow, HubConnection from, string toPeer, string id)
        {
            var invocation = from.InvokeAsync("Signal", rooms.Results[flow / 2]!.Id, toPeer, "candidate", payload, id);
            _ = invocation.ContinueWith(t => loop.Failed(flow, t.Exception!.GetBaseException()), CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Task.CompletedTask;
        }
        // The relay: through signaling, to the partner's peer id.
        Task SendSignal(ClosedLoop loop, int flow, string id) => Invoke(loop, flow, connections.Results[flow]!, peerIds[Partner(flow)]!, id);
        // Warm-up, then quiet: the JIT's tier-1 recompilations of every process happen before the measurement.
        var warm = relayLoop = new ClosedLoop(2 * pairs, window);
        await warm.RunAsync("relay warm-up", (flow, id) => SendSignal(warm, flow, id), warmup, TimeSpan.Zero, monitor);
        var relayQuiet = await monitor.WaitForQuietAsync(QuietCores, s_quietTimeout);
        var measured = relayLoop = new ClosedLoop(2 * pairs, window);
        var relay = await measured.RunAsync("relay (hub via gateway)", (flow, id) => SendSignal(measured, flow, id), s_ramp, duration, monitor);

        // The physical reference: the same number of connections, window and bytes (the very JSON text of the
        // SignalR invocation frame), to a bare Kestrel echo server; then the same through the gateway's proxy alone.
        var payloadText = payload.GetRawText();
        async Task<(LoopResult Result, TimeSpan Quiet)> EchoAsync(string name, Uri address)
        {
            ClosedLoop? echoLoop = null;
            var sockets = await Setup.RunAsync($"{name}: connections", 2 * pairs, setupConcurrency, async (i, token) =>
            {
                var socket = new ClientWebSocket();
                await socket.ConnectAsync(address, token);
                _ = Task.Run(() => ReceiveEchoesAsync(socket, () => echoLoop), CancellationToken.None);
                return socket;
            }, TimeSpan.FromMinutes(1));
            async Task SendEcho(int flow, string id)
            {
                var frame = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{{\"type\":1,\"invocationId\":\"{id.Length}\",\"target\":\"Signal\",\"arguments\":[\"{rooms.Results[flow / 2]!.Id}\",\"{peerIds[Partner(flow)]}\",\"candidate\",{payloadText},\"{id}\"]}}\u001e"));
                await sockets.Results[flow]!.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
            echoLoop = new ClosedLoop(2 * pairs, window);
            await echoLoop.RunAsync($"{name} warm-up", SendEcho, warmup, TimeSpan.Zero, monitor);
            var quiet = await monitor.WaitForQuietAsync(QuietCores, s_quietTimeout);
            echoLoop = new ClosedLoop(2 * pairs, window);
            var result = await echoLoop.RunAsync(name, SendEcho, s_ramp, duration, monitor);
            foreach (var socket in sockets.Results.OfType<ClientWebSocket>())
            {
                socket.Abort();
                socket.Dispose();
            }
            return (result, quiet);
        }
        var (raw, rawQuiet) = await EchoAsync("raw WebSocket echo", new Uri($"ws://127.0.0.1:{echoPort}{HelperServers.EchoPath}"));
        var (proxied, _) = await EchoAsync("raw echo through the gateway",
            new Uri($"ws://127.0.0.1:{system.Gateway.Port}{HelperServers.GatewayEchoPath}"));

        // The framework's floor: the same signals, clients and window through a bare SignalR hub, nothing else;
        // then the same through the gateway (any hub relay behind YARP, before anything of ours).
        async Task<LoopResult> BareAsync(string name, int port, string path)
        {
            ClosedLoop? bareLoop = null;
            var clients = await Setup.RunAsync($"{name}: connections", 2 * pairs, setupConcurrency, async (i, token) =>
            {
                var connection = BareHub.Client(port, path);
                connection.On<JsonElement>("Signal", body => bareLoop?.Delivered(body.GetProperty("id").GetString()));
                await connection.StartAsync(token);
                return connection;
            }, TimeSpan.FromMinutes(1));
            var ids = new string[2 * pairs];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = await Need(clients.Results[i]).InvokeAsync<string>("Id");
            }
            Task SendBare(ClosedLoop loop, int flow, string id) => Invoke(loop, flow, clients.Results[flow]!, ids[Partner(flow)], id);
            var warm = bareLoop = new ClosedLoop(2 * pairs, window);
            await warm.RunAsync($"{name} warm-up", (flow, id) => SendBare(warm, flow, id), warmup, TimeSpan.Zero, monitor);
            await monitor.WaitForQuietAsync(QuietCores, s_quietTimeout);
            var measured = bareLoop = new ClosedLoop(2 * pairs, window);
            var result = await measured.RunAsync(name, (flow, id) => SendBare(measured, flow, id), s_ramp, duration, monitor);
            await Parallel.ForEachAsync(clients.Results.OfType<HubConnection>(), async (c, _) => await c.DisposeAsync());
            return result;
        }
        var bare = await BareAsync("bare SignalR hub", bareHubPort, BareHub.Path);
        var bareProxied = await BareAsync("bare SignalR hub through the gateway", system.Gateway.Port, BareHub.GatewayPath);
        // Signaling's topology with nothing of ours: two bare hubs on the Redis backplane behind the gateway, so that
        // about half of the pairs relay from one replica to the other through the store.
        var bareReplicated = replicatedHubs.Count == 0 ? null
            : await BareAsync("two bare SignalR hubs on the backplane through the gateway", system.Gateway.Port, BareHub.ReplicatedGatewayPath);

        Report.Progress("closing connections");
        await Parallel.ForEachAsync(connections.Results.OfType<HubConnection>(), async (c, _) => await c.DisposeAsync());

        var ratio = raw.PerSecond > 0 ? relay.PerSecond / raw.PerSecond : 0;
        report.Row("load", $"{pairs} pairs = {2 * pairs} connections, {window} signals in flight per connection, {payloadBytes}-byte payload, {duration.TotalSeconds} s measured after {warmup.TotalSeconds} s warm-up")
            .Row("settling after warm-up", string.Create(CultureInfo.InvariantCulture, $"relay {relayQuiet.TotalSeconds:0.0} s, raw {rawQuiet.TotalSeconds:0.0} s until the services settled (< {QuietCores} cores, or no JIT work and < 0.6 cores, over a second)"))
            .Metric("relay: messages/second", "relayMessagesPerSecond", relay.PerSecond, "messages/s", $"{relay.Delivered} delivered, {relay.Errors} errors")
            .Latency("relay: latency (sent → delivered)", "relayLatencyMs", relay.Latency)
            .Metric("raw echo: messages/second", "rawMessagesPerSecond", raw.PerSecond, "messages/s", $"{raw.Delivered} delivered, {raw.Errors} errors")
            .Latency("raw echo: latency (sent → echoed)", "rawLatencyMs", raw.Latency)
            .Metric("ratio relay / raw", "ratio", ratio, "")
            .Metric("raw echo through the gateway: messages/second", "proxiedRawMessagesPerSecond", proxied.PerSecond, "messages/s",
                $"{proxied.Delivered} delivered, {proxied.Errors} errors; the proxy hop alone")
            .Latency("raw echo through the gateway: latency", "proxiedRawLatencyMs", proxied.Latency)
            .Metric("ratio relay / raw through the gateway", "ratioToProxiedRaw", proxied.PerSecond > 0 ? relay.PerSecond / proxied.PerSecond : 0, "")
            .Metric("bare SignalR hub: messages/second", "bareHubMessagesPerSecond", bare.PerSecond, "messages/s",
                $"{bare.Delivered} delivered, {bare.Errors} errors; the same signals through a hub with nothing else, no gateway")
            .Latency("bare SignalR hub: latency", "bareHubLatencyMs", bare.Latency)
            .Metric("ratio bare SignalR hub / raw", "bareHubRatio", raw.PerSecond > 0 ? bare.PerSecond / raw.PerSecond : 0, "",
                "the most any SignalR relay reaches here, before the gateway hop")
            .Metric("bare SignalR hub through the gateway: messages/second", "proxiedBareHubMessagesPerSecond", bareProxied.PerSecond, "messages/s",
                $"{bareProxied.Delivered} delivered, {bareProxied.Errors} errors")
            .Latency("bare SignalR hub through the gateway: latency", "proxiedBareHubLatencyMs", bareProxied.Latency)
            .Metric("ratio bare SignalR hub through the gateway / raw", "proxiedBareHubRatio", raw.PerSecond > 0 ? bareProxied.PerSecond / raw.PerSecond : 0, "",
                "the most a hub relay behind the gateway reaches here")
            .Metric("ratio relay / bare SignalR hub through the gateway", "ratioToProxiedBareHub", bareProxied.PerSecond > 0 ? relay.PerSecond / bareProxied.PerSecond : 0, "");
        if (bareReplicated is not null)
        {
            report.Metric("two bare hubs on the backplane through the gateway: messages/second", "replicatedBareHubMessagesPerSecond", bareReplicated.PerSecond,
                    "messages/s", $"{bareReplicated.Delivered} delivered, {bareReplicated.Errors} errors; signaling's topology, nothing of ours")
                .Latency("two bare hubs on the backplane through the gateway: latency", "replicatedBareHubLatencyMs", bareReplicated.Latency)
                .Metric("ratio two bare hubs on the backplane / raw", "replicatedBareHubRatio", raw.PerSecond > 0 ? bareReplicated.PerSecond / raw.PerSecond : 0, "",
                    "the most a relay across two replicas on SignalR's Redis backplane reaches here")
                .Metric("ratio relay / two bare hubs on the backplane", "ratioToReplicatedBareHub", bareReplicated.PerSecond > 0 ? relay.PerSecond / bareReplicated.PerSecond : 0, "");
            AddCost(report, "replicatedBareHub", bareReplicated, "gateway", "bare SignalR hub + backplane");
        }
        AddCost(report, "relay", relay, "gateway", "signaling");
        AddCost(report, "raw", raw, "echo server (raw)");
        AddCost(report, "proxiedRaw", proxied, "gateway", "echo server (raw)");
        AddCost(report, "bareHub", bare, "bare SignalR hub");
        AddCost(report, "proxiedBareHub", bareProxied, "gateway", "bare SignalR hub");
        report.ProcessUsage("the relay run", relay.Usage).ProcessUsage("the raw echo run", raw.Usage)
            .ProcessUsage("the raw echo run through the gateway", proxied.Usage).ProcessUsage("the bare SignalR hub run", bare.Usage)
            .ProcessUsage("the bare SignalR hub run through the gateway", bareProxied.Usage);
        if (bareReplicated is not null)
        {
            report.ProcessUsage("the run of two bare hubs on the backplane", bareReplicated.Usage);
        }
        report.Target("relay throughput / raw WebSocket echo (same run)", $"≥ {TargetRatio:P0}", $"{ratio:P1}", ratio >= TargetRatio,
            string.Create(CultureInfo.InvariantCulture,
                $"relay {relay.PerSecond:0}/s vs raw {raw.PerSecond:0}/s; a bare SignalR hub with nothing else reaches {(raw.PerSecond > 0 ? bare.PerSecond / raw.PerSecond : 0):P1} of raw, {(raw.PerSecond > 0 ? bareProxied.PerSecond / raw.PerSecond : 0):P1} behind the gateway, {(raw.PerSecond > 0 && bareReplicated is not null ? bareReplicated.PerSecond / raw.PerSecond : 0):P1} as two replicas on the backplane; the gateway hop alone keeps {(raw.PerSecond > 0 ? proxied.PerSecond / raw.PerSecond : 0):P1}"));
        if (relay.FirstError is not null || raw.FirstError is not null || proxied.FirstError is not null || bare.FirstError is not null || bareProxied.FirstError is not null)
        {
            report.Row("first errors", $"relay: {relay.FirstError ?? "none"}; raw: {raw.FirstError ?? "none"}; through the gateway: {proxied.FirstError ?? "none"}; bare hub: {bare.FirstError ?? "none"}; bare hub through the gateway: {bareProxied.FirstError ?? "none"}");
        }
        report.Completed = relay.Delivered > 0 && raw.Delivered > 0 && proxied.Delivered > 0 && bare.Delivered > 0 && bareProxied.Delivered > 0;
        return report;
    }

    /// <summary>CPU per delivered message, per process that does the work, and the cores the whole machine had busy.</summary>
    private static void AddCost(Report report, string name, LoopResult run, params string[] servers)
    {
        if (run.Delivered == 0)
        {
            return;
        }
        // A server by its name, or one of its replicas (name-0, name-1).
        var parts = run.Usage.Where(u => servers.Any(s => u.Name == s || u.Name.StartsWith(s + "-", StringComparison.Ordinal)) || u.Name.StartsWith("redis", StringComparison.Ordinal)
                || u.Name.StartsWith("bench", StringComparison.Ordinal))
            .Select(u => string.Create(CultureInfo.InvariantCulture, $"{u.Name} {u.CpuSeconds * 1e6 / run.Delivered:0} µs"));
        var machine = run.Usage.First(u => u.Name == "machine");
        report.Row($"{name}: CPU per message", $"{string.Join(", ", parts)}; machine busy {machine.Cores:0.00} of {Environment.ProcessorCount} cores");
        foreach (var u in run.Usage.Where(u => u.Pid != 0))
        {
            report.Value($"{name}CpuMicrosecondsPerMessage.{u.Name}", Math.Round(u.CpuSeconds * 1e6 / run.Delivered, 1));
        }
        report.Value($"{name}MachineBusyCores", Math.Round(machine.Cores, 2));
    }

    private static async Task ReceiveEchoesAsync(ClientWebSocket socket, Func<ClosedLoop?> loop)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                buffer.Advance(received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                // Read it as the SignalR client reads an invocation: parse the JSON, take the id argument.
                using (var message = JsonDocument.Parse(buffer.WrittenMemory[..^1]))
                {
                    loop()?.Delivered(message.RootElement.GetProperty("arguments")[4].GetString());
                }
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>A trickled ICE candidate, padded to <paramref name="bytes"/> of JSON.</summary>
    private static string Payload(int bytes)
    {
        const string Head = "{\"candidate\":\"candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 10.0.0.2 rport 54321 generation 0 ufrag x7Yq network-cost 999";
        const string Tail = "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"usernameFragment\":\"x7Yq\"}";
        var padding = Math.Max(0, bytes - Head.Length - Tail.Length);
        return Head + new string('a', padding) + Tail;
    }

    private static T Need<T>(T? value) where T : class => value ?? throw new InvalidOperationException("An earlier setup step failed.");
}
