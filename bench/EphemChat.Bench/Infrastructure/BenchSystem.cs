extern alias AppHost;

using EphemChat.Bench.Reporting;
using EphemChat.Hosting;
using EphemChat.Hosting.Testing;

namespace EphemChat.Bench.Infrastructure;

/// <summary>
/// Options every system scenario takes: the store (<c>--redis</c>) and extra variables for every service process
/// (<c>--service-env NAME=VALUE[;NAME=VALUE]</c>), to compare a runtime setting without rebuilding.
/// </summary>
public sealed record SystemOptions(string? Redis, IReadOnlyDictionary<string, string> ServiceEnvironment)
{
    public static SystemOptions Read(BenchArguments args)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (args.String("service-env") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new ArgumentException($"--service-env: '{pair}' is not NAME=VALUE.");
            }
            environment[pair[..separator]] = pair[(separator + 1)..];
        }
        return new SystemOptions(args.String("redis"), environment);
    }

    public void Describe(Report report) => report.Parameter("redis", Redis ?? "garnet")
        .Parameter("serviceEnvironment", ServiceEnvironment.Count == 0 ? null : string.Join(';', ServiceEnvironment.Select(e => $"{e.Key}={e.Value}")));
}

/// <summary>
/// The whole system as the AppHost's own model starts it (every service its own process, Release builds, dynamic
/// loopback ports, dashboard off), with the limits that guard against one abusive client raised so far that the
/// load generator, which is one client IP with thousands of identities, never hits them. The store runs in its own
/// process (the same embedded Garnet with the AppHost's flags, or <c>--redis redis-server</c>), so that its CPU
/// and memory are measured apart from the load generator.
/// </summary>
public sealed class BenchSystem : IAsyncDisposable
{
    /// <summary>Variables the scenarios set on top of the model, per resource: every limit a bench would hit.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> RaisedLimits =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["gateway"] = new Dictionary<string, string>
            {
                // One token bucket per client IP, and every simulated person comes from 127.0.0.1.
                ["Gateway__RateLimit__PermitsPerSecond"] = "100000",
                ["Gateway__RateLimit__Burst"] = "100000",
            },
            ["identity"] = new Dictionary<string, string>
            {
                ["Identity__AccountCreation__PermitLimit"] = "1000000",
                ["Identity__AccountCreation__Window"] = "00:00:01",
            },
            ["signaling"] = new Dictionary<string, string>
            {
                // The per-connection token bucket: a relay connection sends thousands of signals per second.
                ["Signaling__RateLimitBurst"] = "10000",
                ["Signaling__RateLimitPerSecond"] = "10000",
            },
        };

    /// <summary>
    /// Set on every service unless <c>--service-env</c> says otherwise: the JIT promotes hot methods to tier 1 after
    /// 30 calls without first waiting for 100 ms free of new tier-0 compilations, so that a warm-up reaches the steady
    /// state (the same tier-1 code) in seconds instead of trickling recompilations into the measurement. The CPU of
    /// each process's background JIT thread during a measurement is reported, to show that it settled.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultServiceEnvironment = new Dictionary<string, string>
    {
        ["DOTNET_TC_CallCountingDelayMs"] = "0",
    };

    private readonly DistributedApplication _app;
    private readonly ChildProcess? _store;

    private BenchSystem(DistributedApplication app, ChildProcess? store, string storeDescription, string? storeConnection)
    {
        _app = app;
        _store = store;
        StoreDescription = storeDescription;
        StoreConnection = storeConnection;
        Gateway = app.GetEndpoint("gateway");
        // The hub only accepts the gateway's own origin (the AppHost allows localhost and 127.0.0.1 on its port).
        Origin = $"http://localhost:{Gateway.Port}";
    }

    public Uri Gateway { get; }

    public string Origin { get; }

    public string StoreDescription { get; }

    /// <summary>The store's address (host:port), unless the AppHost started it (<c>--redis redis-server</c>).</summary>
    public string? StoreConnection { get; }

    public DistributedApplication App => _app;

    /// <summary>The <c>http</c> endpoint of one replica of a service, to call it without the gateway.</summary>
    public Uri Direct(string resource, int replica = 0) => _app.GetEndpoint(resource, "http", replica);

    /// <summary>
    /// Starts the model. <see cref="SystemOptions.Redis"/>: null for a Garnet process of our own, <c>redis-server</c>
    /// for Debian's, or <c>host:port</c> for a store that already runs.
    /// </summary>
    public static async Task<BenchSystem> StartAsync(SystemOptions options, Action<DistributedApplicationBuilder>? configure = null)
    {
        var redis = options.Redis;
        ChildProcess? store = null;
        string[] appHostArgs;
        string storeDescription;
        string? storeConnection = redis == "redis-server" ? null : redis;
        if (redis is null)
        {
            var port = HelperServers.FreePort();
            store = await ChildProcess.StartAsync("redis (garnet)", HelperServers.StoreMode, "--port", HelperServers.Text(port));
            storeConnection = $"127.0.0.1:{port}";
            appHostArgs = ["--redis-connection", storeConnection];
            storeDescription = $"Garnet (the AppHost's embedded store and flags) in a process of its own, port {port}";
        }
        else if (redis == "redis-server")
        {
            appHostArgs = ["--redis", "redis-server"];
            storeDescription = "redis-server started by the AppHost";
        }
        else
        {
            appHostArgs = ["--redis-connection", redis];
            storeDescription = $"redis at {redis}";
        }

        Report.Progress($"starting the system from the AppHost model ({storeDescription})");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Program>(appHostArgs);
            foreach (var (resource, variables) in RaisedLimits)
            {
                foreach (var (name, value) in variables)
                {
                    builder[resource].Environment[name] = value;
                }
            }
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                foreach (var (name, value) in DefaultServiceEnvironment.Concat(options.ServiceEnvironment))
                {
                    project.Environment[name] = value;
                }
            }
            configure?.Invoke(builder);
            var app = builder.Build();
            await app.StartAsync();
            try
            {
                await app.WaitForAllHealthyAsync().WaitAsync(TimeSpan.FromMinutes(2));
            }
            catch (Exception)
            {
                var states = string.Join(", ", app.Snapshot().Select(s => $"{s.Resource}-{s.Replica}:{s.State} {s.LastError}"));
                await app.DisposeAsync();
                throw new InvalidOperationException($"The system did not become healthy: {states}");
            }
            var system = new BenchSystem(app, store, storeDescription, storeConnection);
            Report.Progress($"system healthy; gateway {system.Gateway}");
            return system;
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Every process of the run: the services' replicas, the store, and the load generator itself.</summary>
    public ProcessMonitor Monitor(params ChildProcess[] extra)
    {
        var snapshot = _app.Snapshot();
        var processes = snapshot
            .Where(s => s.ProcessId is not null)
            .Select(s => new MonitoredProcess(
                snapshot.Count(o => o.Resource == s.Resource) > 1 ? $"{s.Resource}-{s.Replica}" : s.Resource, s.ProcessId!.Value))
            // An embedded store would be this process: counted as the load generator below.
            .Where(p => p.Pid != Environment.ProcessId)
            .ToList();
        if (_store is not null)
        {
            processes.Add(new MonitoredProcess(_store.Name, _store.Pid));
        }
        processes.AddRange(extra.Select(c => new MonitoredProcess(c.Name, c.Pid)));
        processes.Add(new MonitoredProcess("bench (load generator)", Environment.ProcessId));
        return new ProcessMonitor(processes);
    }

    /// <summary>The last lines each service wrote (warnings and errors), to explain failures in a run.</summary>
    public IReadOnlyList<string> RecentServiceLogs(int perReplica = 8)
    {
        var snapshot = _app.Snapshot();
        return [.. snapshot.Where(s => s.ProcessId is not null && s.ProcessId != Environment.ProcessId)
            .SelectMany(s => _app.GetLogs(s.Resource, s.Replica).Snapshot().TakeLast(perReplica)
                .Select(line => $"{s.Resource}-{s.Replica}: {line.Text}"))];
    }

    public async ValueTask DisposeAsync()
    {
        Report.Progress("stopping the system");
        await _app.DisposeAsync();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }
}
