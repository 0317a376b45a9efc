using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Reporting;

namespace EphemChat.Bench.Scenarios;

/// <summary>
/// What the gateway adds: the same authenticated REST call (<c>GET /api/match/search</c> by default) through YARP
/// and straight to the service's own endpoint. Latency at concurrency 1, the two paths interleaved request by
/// request so that both see the same machine; then throughput at a higher concurrency, alternating rounds of each.
/// </summary>
public static class GatewayScenario
{
    public const string Usage = """
        gateway: --path /api/match/search --service matchmaking --requests 5000 (latency samples per path)
                 --concurrency 32 --duration-s 5 (per throughput round) --rounds 2 --warmup-s 6 --redis redis-server|host:port --service-env NAME=VALUE;...
        """;

    private const double TargetAddedP50Ms = 0.3;

    private static readonly TimeSpan s_warmupSlice = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_maxWarmup = TimeSpan.FromSeconds(60);

    public static async Task<Report> RunAsync(BenchArguments args)
    {
        var path = args.String("path") ?? "/api/match/search";
        var service = args.String("service") ?? "matchmaking";
        var requests = args.Int("requests", 5_000);
        var concurrency = args.Int("concurrency", 32);
        var duration = TimeSpan.FromSeconds(args.Double("duration-s", 5));
        var rounds = args.Int("rounds", 2);
        var warmup = TimeSpan.FromSeconds(args.Double("warmup-s", 6));
        var systemOptions = SystemOptions.Read(args);
        args.RejectUnknown();
        if (!path.StartsWith('/') || requests < 1 || concurrency < 1 || rounds < 1 || duration <= TimeSpan.Zero)
        {
            throw new ArgumentException("--path starts with '/', --requests ≥ 1, --concurrency ≥ 1, --rounds ≥ 1, --duration-s > 0.");
        }
        var report = new Report("gateway")
            .Parameter("path", path).Parameter("service", service).Parameter("requests", requests).Parameter("concurrency", concurrency)
            .Parameter("durationSeconds", duration.TotalSeconds).Parameter("rounds", rounds);
        systemOptions.Describe(report);

        await using var system = await BenchSystem.StartAsync(systemOptions);
        var monitor = system.Monitor();
        BenchUser user;
        using (var api = new ApiClient(system.Gateway, 4))
        {
            user = await api.CreateUserAsync("Gateway bench");
        }
        using var viaGateway = Client(system.Gateway, user, concurrency);
        using var direct = Client(system.Direct(service), user, concurrency);
        var targets = new[] { ("gateway", viaGateway), ("direct", direct) };

        // Warm-up: both paths, then again in rounds until the JIT is nearly idle (ProcessMonitor.SteadyJitShare).
        Report.Progress($"warming up both paths for {warmup.TotalSeconds} s");
        var warmupClock = Stopwatch.StartNew();
        var (_, jitShare) = await monitor.WarmUpAsync(async round =>
        {
            foreach (var (_, client) in targets)
            {
                await ThroughputAsync(client, path, concurrency, round == 0 ? warmup / 2 : s_warmupSlice);
            }
        }, rounds => rounds == 0 || warmupClock.Elapsed < s_maxWarmup);
        Report.Progress(string.Create(CultureInfo.InvariantCulture,
            $"warmed up for {warmupClock.Elapsed.TotalSeconds:0} s; the JIT took {jitShare:P1} of the CPU in the last round"));
        var quiet = await monitor.WaitForQuietAsync(0.15, TimeSpan.FromSeconds(30));
        Report.Progress($"settled after {quiet.TotalSeconds:0.0} s");

        // Latency: one request at a time, alternating which path goes first.
        var latency = new Dictionary<string, LatencyStats> { ["gateway"] = new(), ["direct"] = new() };
        var errors = 0L;
        var deadline = Stopwatch.StartNew();
        var latencyStart = monitor.Take();
        using (Report.Every(TimeSpan.FromSeconds(1), () => $"latency: {latency["direct"].Count}/{requests} pairs of requests"))
        {
            for (var i = 0; i < requests && deadline.Elapsed < TimeSpan.FromMinutes(2); i++)
            {
                foreach (var (name, client) in i % 2 == 0 ? targets : targets.Reverse())
                {
                    var started = Stopwatch.GetTimestamp();
                    if (!await SendAsync(client, path))
                    {
                        errors++;
                    }
                    latency[name].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        var latencyUsage = monitor.Between(latencyStart, monitor.Take());
        var viaLatency = latency["gateway"].Summarize();
        var directLatency = latency["direct"].Summarize();

        // Throughput: rounds of each path in turn at the same concurrency.
        var completed = new Dictionary<string, (long Requests, double Seconds, long Errors)> { ["gateway"] = default, ["direct"] = default };
        var usage = new Dictionary<string, List<IReadOnlyList<ProcessUsage>>> { ["gateway"] = [], ["direct"] = [] };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, client) in round % 2 == 0 ? targets : targets.Reverse())
            {
                var start = monitor.Take();
                var (count, failed, seconds) = await ThroughputAsync(client, path, concurrency, duration);
                usage[name].Add(monitor.Between(start, monitor.Take()));
                var sum = completed[name];
                completed[name] = (sum.Requests + count, sum.Seconds + seconds, sum.Errors + failed);
                Report.Progress(string.Create(CultureInfo.InvariantCulture, $"throughput round {round + 1}, {name}: {count / seconds:0} requests/s"));
            }
        }
        var viaRate = completed["gateway"].Requests / completed["gateway"].Seconds;
        var directRate = completed["direct"].Requests / completed["direct"].Seconds;
        var addedP50 = viaLatency.P50 - directLatency.P50;
        var addedP99 = viaLatency.P99 - directLatency.P99;

        report.Row("call", $"GET {path} with a bearer token: via the gateway ({system.Gateway}) and straight to {service} ({system.Direct(service)})")
            .Latency("via gateway: latency", "gatewayLatencyMs", viaLatency)
            .Latency("direct: latency", "directLatencyMs", directLatency)
            .Metric("added by the gateway at p50", "addedP50Ms", addedP50, "ms")
            .Metric("added by the gateway at p99", "addedP99Ms", addedP99, "ms")
            .Metric("via gateway: throughput", "gatewayRequestsPerSecond", viaRate, "requests/s", $"concurrency {concurrency}, {completed["gateway"].Errors} errors")
            .Metric("direct: throughput", "directRequestsPerSecond", directRate, "requests/s", $"concurrency {concurrency}, {completed["direct"].Errors} errors")
            .Metric("throughput ratio gateway / direct", "throughputRatio", viaRate / directRate, "")
            .Value("latencyErrors", errors);
        var gatewayCpu = usage["gateway"].SelectMany(u => u).Where(u => u.Name == "gateway").Sum(u => u.CpuSeconds);
        report.Metric("gateway CPU per proxied request", "gatewayCpuMicrosecondsPerRequest",
            completed["gateway"].Requests == 0 ? 0 : gatewayCpu * 1e6 / completed["gateway"].Requests, "µs");
        report.ProcessUsage("the latency run (both paths, one request at a time)", latencyUsage)
            .ProcessUsage("the last throughput round via the gateway", usage["gateway"][^1])
            .ProcessUsage("the last throughput round direct", usage["direct"][^1]);
        report.Target("latency YARP adds at p50", $"< {TargetAddedP50Ms} ms", string.Create(CultureInfo.InvariantCulture, $"{addedP50:0.###} ms"),
            addedP50 < TargetAddedP50Ms, string.Create(CultureInfo.InvariantCulture, $"p99 +{addedP99:0.###} ms; throughput ratio {viaRate / directRate:P0}"));
        report.Completed = errors == 0 && completed.Values.All(c => c.Errors == 0);
        return report;
    }

    private static HttpClient Client(Uri baseAddress, BenchUser user, int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = connections })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
        return client;
    }

    private static async Task<bool> SendAsync(HttpClient client, string path)
    {
        try
        {
            using var response = await client.GetAsync(path);
            await response.Content.LoadIntoBufferAsync();
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private static async Task<(long Requests, long Errors, double Seconds)> ThroughputAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        long count = 0, errors = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                if (await SendAsync(client, path))
                {
                    Interlocked.Increment(ref count);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        })));
        return (count, errors, clock.Elapsed.TotalSeconds);
    }
}
