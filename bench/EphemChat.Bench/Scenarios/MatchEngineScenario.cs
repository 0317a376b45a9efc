using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Reporting;
using EphemChat.Matchmaking.Matching;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Bench.Scenarios;

/// <summary>
/// Pairs per second and time to match of the pairing engine: N matchmaking replicas (each its own engine, store
/// connection and background pass, exactly as the service wires them) work one store while U searchers arrive in
/// waves, each on a replica chosen round-robin, and search as <c>POST /api/match/search</c> does.
/// </summary>
public static class MatchEngineScenario
{
    public const string Usage = """
        match-engine: --users 2000 --replicas 2 --wave 200 --wave-interval-ms 100 --concurrency 64
               --interests 0 (share of searchers with one interest tag) --tags 8 --peer-latency-ms 1
               --settle-s 30 (wait for the last pairs) --redis host:port (default: an embedded Garnet)
        """;

    private const string ServiceName = "EphemChat.Matchmaking";

    public static async Task<Report> RunAsync(BenchArguments args)
    {
        var users = args.Int("users", 2_000);
        var replicaCount = args.Int("replicas", 2);
        var waveSize = args.Int("wave", 200);
        var waveInterval = TimeSpan.FromMilliseconds(args.Int("wave-interval-ms", 100));
        var concurrency = args.Int("concurrency", 64);
        var interestShare = args.Double("interests", 0);
        var tagCount = args.Int("tags", 8);
        var peerLatency = TimeSpan.FromMilliseconds(args.Int("peer-latency-ms", 1));
        var settle = TimeSpan.FromSeconds(args.Int("settle-s", 30));
        var redis = args.String("redis");
        args.RejectUnknown();
        if (users < 2 || replicaCount < 1 || waveSize < 1 || concurrency < 1 || tagCount < 1 || interestShare is < 0 or > 1)
        {
            throw new ArgumentException("--users ≥ 2, --replicas ≥ 1, --wave ≥ 1, --concurrency ≥ 1, --tags ≥ 1, 0 ≤ --interests ≤ 1.");
        }

        await using var store = BenchStore.Start(redis);
        await store.ClearAsync("match:*");
        Report.Progress($"store: {store.Description}; {replicaCount} replica(s); {users} searchers in waves of {waveSize} every {waveInterval.TotalMilliseconds} ms");

        // Everything the replicas' meters record, across replicas.
        var timeToMatch = new LatencyStats();
        long pairs = 0, failures = 0, lastPairTicks = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServiceName && instrument.Name is MatchMetrics.TimeToMatchName or MatchMetrics.PairsName or MatchMetrics.FailuresName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => timeToMatch.Add(value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == MatchMetrics.PairsName)
            {
                Interlocked.Add(ref pairs, value);
                Interlocked.Exchange(ref lastPairTicks, Stopwatch.GetTimestamp());
            }
            else
            {
                Interlocked.Add(ref failures, value);
            }
        });
        listener.Start();

        var replicas = Enumerable.Range(0, replicaCount).Select(_ => BuildReplica(store.ConnectionString, peerLatency)).ToList();
        var workers = replicas.Select(r => r.GetRequiredService<MatchmakingWorker>()).ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }
        var engines = replicas.Select(r => r.GetRequiredService<PairingEngine>()).ToList();
        var queue = replicas[0].GetRequiredService<IConnectionMultiplexer>().GetDatabase();

        var random = new Random(42);
        var searchers = Enumerable.Range(0, users).Select(i => (
            Id: WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16)),
            Name: $"Bench {i}",
            Interests: random.NextDouble() < interestShare ? new[] { $"tag{random.Next(tagCount)}" } : Array.Empty<string>())).ToArray();

        var arrived = 0;
        var clock = Stopwatch.StartNew();
        var startTicks = Stopwatch.GetTimestamp();
        using var progressStop = new CancellationTokenSource();
        var progress = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
            while (await timer.WaitForNextTickAsync(progressStop.Token).AsTask().ContinueWith(t => !t.IsCanceled))
            {
                Report.Progress($"arrived {Volatile.Read(ref arrived)}/{users}, pairs {Interlocked.Read(ref pairs)}, waiting {await queue.SortedSetLengthAsync(SearchStore.QueueKey)}");
            }
        });

        var waves = new List<Task>();
        var engineIndex = 0;
        foreach (var wave in searchers.Chunk(waveSize))
        {
            waves.Add(Parallel.ForEachAsync(wave, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (searcher, _) =>
            {
                var engine = engines[Interlocked.Increment(ref engineIndex) % engines.Count];
                await engine.SearchAsync(searcher.Id, searcher.Name, searcher.Interests);
                Interlocked.Increment(ref arrived);
            }));
            await Task.Delay(waveInterval);
        }
        await Task.WhenAll(waves);
        var arrivalSeconds = clock.Elapsed.TotalSeconds;

        var expectedPairs = users / 2;
        var settleClock = Stopwatch.StartNew();
        while (Interlocked.Read(ref pairs) < expectedPairs && settleClock.Elapsed < settle)
        {
            await Task.Delay(50);
        }
        await progressStop.CancelAsync();
        await progress;
        foreach (var worker in workers)
        {
            await worker.StopAsync(CancellationToken.None);
        }

        var made = Interlocked.Read(ref pairs);
        var matchingSeconds = Stopwatch.GetElapsedTime(startTicks, Interlocked.Read(ref lastPairTicks) is var last and > 0 ? last : Stopwatch.GetTimestamp()).TotalSeconds;
        var waiting = await queue.SortedSetLengthAsync(SearchStore.QueueKey);
        var report = new Report("match-engine")
            .Parameter("users", users).Parameter("replicas", replicaCount).Parameter("wave", waveSize)
            .Parameter("waveIntervalMs", waveInterval.TotalMilliseconds).Parameter("concurrency", concurrency)
            .Parameter("interests", interestShare).Parameter("tags", tagCount).Parameter("peerLatencyMs", peerLatency.TotalMilliseconds)
            .Row("store", store.Description)
            .Row("replicas", replicaCount.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Row("searchers", $"{users} in waves of {waveSize} every {waveInterval.TotalMilliseconds} ms, {interestShare:P0} with one of {tagCount} interests")
            .Metric("arrivals took", "arrivalSeconds", arrivalSeconds, "s")
            .Row("pairs", $"{made} of {expectedPairs} possible; {waiting} still waiting; {Interlocked.Read(ref failures)} failures")
            .Metric("pairs/second", "pairsPerSecond", made / Math.Max(matchingSeconds, 0.001), "pairs/s (first arrival to last pair)")
            .Latency("time to match", "timeToMatchMs", timeToMatch.Summarize());
        report.Value("pairs", made).Value("failures", Interlocked.Read(ref failures));

        foreach (var replica in replicas)
        {
            await replica.DisposeAsync();
        }
        report.Completed = made == expectedPairs || interestShare > 0;
        return report;
    }

    private static ServiceProvider BuildReplica(string connectionString, TimeSpan peerLatency)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ApplicationName = ServiceName, EnvironmentName = "Production" });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(Options.Create(new MatchmakingOptions()));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(connectionString));
        services.AddSingleton<ServiceTelemetry>();
        services.AddSingleton<SearchStore>();
        services.AddSingleton<MatchMetrics>();
        services.AddSingleton<PairingEngine>();
        services.AddSingleton<MatchmakingWorker>();
        services.AddSingleton<EphemChat.Rooms.Grpc.Rooms.RoomsClient>(new InProcessRooms(peerLatency));
        services.AddSingleton<EphemChat.Signaling.Grpc.Signaling.SignalingClient>(new InProcessSignaling(peerLatency));
        return services.BuildServiceProvider();
    }
}
