using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using EphemChat.Hosting.Dashboard;
using EphemChat.Hosting.Orchestration;

namespace EphemChat.Hosting;

/// <summary>
/// The running application: starts every resource as its own process (the store embedded), holds each start until
/// what it waits for is healthy, restarts what exits unexpectedly, and stops everything on Ctrl+C or SIGTERM.
/// </summary>
public sealed partial class DistributedApplication : IAsyncDisposable, IDashboardResources
{
    private readonly DistributedApplicationBuilder _builder;
    private readonly DistributedApplicationOptions _options;
    private readonly DashboardHost? _dashboard;
    private int _dashboardStarted;
    private readonly List<ReplicaRunner> _runners = [];
    private readonly ConsoleReporter _console;
    private readonly CancellationTokenSource _stopping = new();
    private int _stopped;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        _builder = builder;
        _options = builder.Options.Clone();
        Allocation = ResourceAllocation.Allocate(builder.Resources, builder.Options.RandomizePorts);
        var buildConfiguration = builder.BuildConfiguration;
        foreach (var resource in builder.Resources)
        {
            for (var replica = 0; replica < resource.Replicas; replica++)
            {
                _runners.Add(CreateRunner(resource, replica, buildConfiguration));
            }
        }
        _console = new ConsoleReporter(_runners, builder.Options.EchoResourceOutput);

        if (builder.Options.Dashboard.Enabled)
        {
            if (builder.Options.RandomizePorts)
            {
                builder.Options.Dashboard.Port = builder.Options.Dashboard.OtlpGrpcPort = builder.Options.Dashboard.OtlpHttpPort = 0;
            }
            // Services export to the dashboard; an --otlp-endpoint given as well receives a copy of everything.
            _dashboard = new DashboardHost(builder.Options.Dashboard, this, builder.Options.OtlpEndpoint, builder.Options.OtlpProtocol,
                notify: _console.Info);
            _options.OtlpEndpoint = _dashboard.OtlpGrpcEndpoint;
            _options.OtlpProtocol = "grpc";
        }
    }

    /// <summary>The dashboard's address, or null when it is off.</summary>
    public string? DashboardUrl => _dashboard?.Url;

    /// <summary>The dashboard's one-time login URL (printed at start), or null when it is off.</summary>
    public string? DashboardLoginUrl => _dashboard?.LoginUrl;

    /// <summary>The dashboard, for tests of it.</summary>
    internal DashboardHost? Dashboard => _dashboard;

    /// <summary>The model.</summary>
    public IReadOnlyList<Resource> Resources => _builder.Resources;

    /// <summary>The ports of every endpoint.</summary>
    public ResourceAllocation Allocation { get; }

    /// <summary>A view of every replica now.</summary>
    public IReadOnlyList<ReplicaSnapshot> Snapshot() => [.. _runners.Select(r => r.Snapshot())];

    /// <summary>The output of one replica.</summary>
    public LogBuffer GetLogs(string resource, int replica = 0) => Runner(resource, replica).Logs;

    /// <summary>The URL of an endpoint of one replica.</summary>
    public Uri GetEndpoint(string resource, string endpoint = "http", int replica = 0) =>
        new(Allocation.Url(_builder[resource], endpoint, replica));

    /// <summary>An <see cref="HttpClient"/> whose base address is the resource's <c>http</c> endpoint.</summary>
    public HttpClient CreateHttpClient(string resource, string endpoint = "http", int replica = 0) =>
        new() { BaseAddress = GetEndpoint(resource, endpoint, replica) };

    /// <summary>
    /// Starts the dashboard (when on), then every resource in the order <c>WaitFor</c> allows; returns once every
    /// start has begun.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_dashboard is not null && Interlocked.Exchange(ref _dashboardStarted, 1) == 0)
        {
            // First, so that the services' first exports find the receiver.
            await _dashboard.StartAsync(cancellationToken);
        }
        var starts = new Dictionary<Resource, Task>();
        foreach (var resource in _builder.Resources)
        {
            starts[resource] = StartResourceWhenReadyAsync(resource, cancellationToken);
        }
        _ = Task.WhenAll(starts.Values);
    }

    /// <summary>Completes when every replica of <paramref name="resource"/> is healthy.</summary>
    public Task WaitForResourceHealthyAsync(string resource, CancellationToken cancellationToken = default) =>
        Task.WhenAll(_runners.Where(r => r.Resource.Name == resource).Select(r => r.Healthy)).WaitAsync(cancellationToken);

    /// <summary>Completes when every replica of every resource is healthy.</summary>
    public Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_runners.Select(r => r.Healthy)).WaitAsync(cancellationToken);

    /// <summary>Stops one replica (or all of a resource) as a fault would: the test decides when it comes back.</summary>
    public Task StopResourceAsync(string resource, int? replica = null) =>
        Task.WhenAll(Runners(resource, replica).Select(r => r.StopAsync()));

    /// <summary>Starts a stopped replica (or all of a resource) again on the same ports.</summary>
    public Task StartResourceAsync(string resource, int? replica = null, CancellationToken cancellationToken = default) =>
        Task.WhenAll(Runners(resource, replica).Select(r => r.StartAsync(cancellationToken)));

    /// <summary>Stops and starts again.</summary>
    public async Task RestartResourceAsync(string resource, int? replica = null, CancellationToken cancellationToken = default)
    {
        await StopResourceAsync(resource, replica);
        await StartResourceAsync(resource, replica, cancellationToken);
    }

    /// <summary>Stops every replica, dependents first.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        // Reverse declaration order: the gateway goes before the services, the store last.
        foreach (var group in _runners.GroupBy(r => r.Resource).Reverse())
        {
            await Task.WhenAll(group.Select(r => r.StopAsync()));
        }
        // Last: the services' final exports on shutdown still arrive.
        if (_dashboard is not null)
        {
            await _dashboard.DisposeAsync();
        }
        _console.Dispose();
    }

    /// <summary>
    /// Runs until Ctrl+C or SIGTERM, printing a table of resources once all are healthy; with the <c>publish</c> verb,
    /// writes the model as deployment manifests instead.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        // `publish --publisher kubernetes --output DIR` writes the model as manifests instead of running it.
        if (Publishing.PublishCommand.IsRequested(_builder.Args))
        {
            Environment.ExitCode = await Publishing.Publisher.RunAsync(_builder, Console.Out, Console.Error, cancellationToken);
            return;
        }

        using var shutdown = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        var started = Stopwatch.StartNew();
        await StartAsync(shutdown.Token);
        if (_dashboard is not null)
        {
            _console.Info($"Dashboard: {_dashboard.LoginUrl}  (the login link works once)");
        }
        try
        {
            await WaitForAllHealthyAsync(shutdown.Token).WaitAsync(TimeSpan.FromMinutes(2), shutdown.Token);
            _console.PrintReady(Snapshot(), started.Elapsed, GatewayUrl(), DashboardLink());
        }
        catch (TimeoutException)
        {
            _console.PrintNotReady(Snapshot());
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _console.PrintNotReady(Snapshot(), ex.Message);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
        }
        _console.Info("Stopping every resource...");
        await StopAsync();
        _console.Info("Stopped.");

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }
    }

    /// <summary>Runs until Ctrl+C or SIGTERM.</summary>
    public void Run() => RunAsync().GetAwaiter().GetResult();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    IReadOnlyList<ReplicaSnapshot> IDashboardResources.Snapshot() => Snapshot();

    LogBuffer IDashboardResources.GetLogs(string resource, int replica) => GetLogs(resource, replica);

    Task IDashboardResources.StopResourceAsync(string resource, int? replica) => StopResourceAsync(resource, replica);

    Task IDashboardResources.StartResourceAsync(string resource, int? replica, CancellationToken cancellationToken) =>
        StartResourceAsync(resource, replica, cancellationToken);

    Task IDashboardResources.RestartResourceAsync(string resource, int? replica, CancellationToken cancellationToken) =>
        RestartResourceAsync(resource, replica, cancellationToken);

    /// <summary>The login link while its token is unused, else the dashboard's plain address.</summary>
    private string? DashboardLink() => _dashboard is null ? null
        : _dashboard.Login.IsUnused(_dashboard.LoginToken) ? _dashboard.LoginUrl : _dashboard.Url;

    private string? GatewayUrl() =>
        _builder.Resources.FirstOrDefault(r => r.IsExternal) is { } external ? Allocation.Url(external, "http").Replace("127.0.0.1", "localhost") : null;

    private async Task StartResourceWhenReadyAsync(Resource resource, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            // WaitFor: every replica of every dependency runs and passes its health check.
            await Task.WhenAll(resource.WaitsFor.Select(d => WaitForResourceHealthyAsync(d.Name, linked.Token)));
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex)
        {
            _console.Info($"{resource.Name} is not started: a resource it waits for failed ({ex.Message}).");
            return;
        }
        await Task.WhenAll(Runners(resource.Name, null).Select(r => r.StartAsync(linked.Token)));
    }

    private IEnumerable<ReplicaRunner> Runners(string resource, int? replica)
    {
        var matches = _runners.Where(r => r.Resource.Name == resource && (replica is null || r.Replica == replica)).ToList();
        return matches.Count > 0 ? matches : throw new KeyNotFoundException($"No replica {replica} of resource '{resource}'.");
    }

    private ReplicaRunner Runner(string resource, int replica) => Runners(resource, replica).Single();

    private ReplicaRunner CreateRunner(Resource resource, int replica, string buildConfiguration) => resource switch
    {
        RedisResource { Mode: RedisMode.Garnet } redis => new GarnetReplica(redis, Allocation),
        RedisResource { Mode: RedisMode.RedisServer } redis => new ProcessReplica(redis, replica, Allocation,
            () => RedisServerStartInfo(redis),
            ct => RespProbe.PingAsync("127.0.0.1", Allocation.Port(redis, "tcp"), ct)),
        RedisResource redis => new ExternalReplica(redis, Allocation),
        ProjectResource project => new ProcessReplica(project, replica, Allocation,
            () => ProjectStartInfo(project, replica, buildConfiguration),
            ct => HttpProbe.GetAsync(Allocation, project, replica, ct)),
        ExecutableResource executable => new ProcessReplica(executable, replica, Allocation,
            () => ExecutableStartInfo(executable, replica),
            ct => HttpProbe.GetAsync(Allocation, executable, replica, ct)),
        _ => throw new NotSupportedException($"Resource type {resource.GetType().Name} cannot be run."),
    };

    private ProcessStartInfo ProjectStartInfo(ProjectResource project, int replica, string buildConfiguration)
    {
        var assembly = Path.Combine(project.ProjectDirectory, "bin", buildConfiguration, "net10.0", project.AssemblyName + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException(
                $"{project.AssemblyName} is not built ({assembly}). Build the solution first: dotnet build EphemChat.sln -c {buildConfiguration}.");
        }
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = project.ProjectDirectory };
        info.ArgumentList.Add(assembly);
        SetEnvironment(info, project, replica);
        return info;
    }

    private ProcessStartInfo ExecutableStartInfo(ExecutableResource executable, int replica)
    {
        var info = new ProcessStartInfo(executable.Command) { WorkingDirectory = executable.WorkingDirectory };
        foreach (var arg in executable.Args)
        {
            var value = arg;
            foreach (var endpoint in executable.Endpoints)
            {
                value = value.Replace($"{{endpoint:{endpoint.Name}}}",
                    Allocation.Port(executable, endpoint.Name, replica).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    StringComparison.Ordinal);
            }
            info.ArgumentList.Add(value);
        }
        SetEnvironment(info, executable, replica);
        return info;
    }

    private ProcessStartInfo RedisServerStartInfo(RedisResource redis)
    {
        var info = new ProcessStartInfo(redis.RedisServerPath) { WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { "--port", Allocation.Port(redis, "tcp").ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" })
        {
            info.ArgumentList.Add(arg);
        }
        return info;
    }

    /// <summary>The environment one replica gets (the dashboard's receiver as OTLP endpoint when it is on).</summary>
    internal Dictionary<string, string> EnvironmentFor(Resource resource, int replica) =>
        EnvironmentContract.For(resource, replica, Allocation, _options);

    private void SetEnvironment(ProcessStartInfo info, Resource resource, int replica)
    {
        foreach (var (name, value) in EnvironmentFor(resource, replica))
        {
            info.Environment[name] = value;
        }
    }
}

internal static class HttpProbe
{
    private static readonly HttpClient s_client = new() { Timeout = TimeSpan.FromSeconds(2) };

    public static async Task<bool> GetAsync(ResourceAllocation allocation, Resource resource, int replica, CancellationToken cancellationToken)
    {
        if (resource.HealthCheckPath is not { } path)
        {
            return true;
        }
        try
        {
            using var response = await s_client.GetAsync(allocation.Url(resource, "http", replica) + path, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>A store that runs elsewhere: healthy when it answers PING.</summary>
internal sealed class ExternalReplica(RedisResource resource, ResourceAllocation allocation) : ReplicaRunner(resource, 0, allocation)
{
    public override int? ProcessId => null;

    protected override Task LaunchAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Task TerminateAsync() => Task.CompletedTask;

    protected override Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var hostPort = Allocation.ConnectionString((RedisResource)Resource).Split(',')[0];
        var separator = hostPort.LastIndexOf(':');
        return RespProbe.PingAsync(hostPort[..separator], int.Parse(hostPort[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
    }
}
