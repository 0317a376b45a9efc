namespace EphemChat.Hosting.Orchestration;

/// <summary>Runs one replica of a resource: starts it, watches it, restarts it after an unexpected exit, stops it.</summary>
internal abstract class ReplicaRunner(Resource resource, int replica, ResourceAllocation allocation)
{
    private static readonly TimeSpan[] s_restartBackoff =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(15)];

    private readonly object _gate = new();
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _lifetime = new();

    public Resource Resource { get; } = resource;
    public int Replica { get; } = replica;
    public ResourceAllocation Allocation { get; } = allocation;
    public LogBuffer Logs { get; } = new();
    public ReplicaState State { get; private set; } = ReplicaState.Waiting;
    public int Restarts { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public string? LastError { get; private set; }
    public string DisplayName => Resource.Replicas > 1 ? $"{Resource.Name}-{Replica}" : Resource.Name;
    public abstract int? ProcessId { get; }

    public event Action<ReplicaRunner>? StateChanged;

    /// <summary>Completes when the replica first becomes healthy after its latest start.</summary>
    public Task Healthy => _healthy.Task;

    public IReadOnlyList<string> Urls => [.. Resource.Endpoints.Where(e => Allocation.HasPort(Resource, e.Name)).Select(e => e.Transport == "tcp"
        ? $"tcp://127.0.0.1:{Allocation.Port(Resource, e.Name, Replica)}"
        : Allocation.Url(Resource, e.Name, Replica))];

    public ReplicaSnapshot Snapshot() => new(Resource.Name, Replica, State, ProcessId, Urls, Restarts, StartedAt, LastError);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        CancellationToken lifetime;
        lock (_gate)
        {
            _lifetime = new CancellationTokenSource();
            lifetime = _lifetime.Token;
            if (_healthy.Task.IsCompleted)
            {
                _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        SetState(ReplicaState.Starting);
        try
        {
            await LaunchAsync(cancellationToken);
            StartedAt = DateTimeOffset.UtcNow;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastError = ex.Message;
            Logs.Write($"failed to start: {ex.Message}", isError: true);
            SetState(ReplicaState.Failed);
            _healthy.TrySetException(ex);
            return;
        }
        _ = MonitorHealthAsync(lifetime);
    }

    public async Task StopAsync()
    {
        CancellationTokenSource lifetime;
        lock (_gate)
        {
            lifetime = _lifetime;
        }
        await lifetime.CancelAsync();
        await TerminateAsync();
        SetState(ReplicaState.Stopped);
    }

    /// <summary>Called by a process-backed replica when its process exits on its own.</summary>
    protected void OnUnexpectedExit(int exitCode)
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }
        LastError = $"exited with code {exitCode}";
        Logs.Write($"exited unexpectedly with code {exitCode}; restarting", isError: true);
        SetState(ReplicaState.Restarting);
        var delay = s_restartBackoff[Math.Min(Restarts, s_restartBackoff.Length - 1)];
        Restarts++;
        var lifetime = _lifetime.Token;
        _ = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(delay, lifetime);
                await StartAsync(lifetime);
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }

    protected abstract Task LaunchAsync(CancellationToken cancellationToken);

    protected abstract Task TerminateAsync();

    /// <summary>True when the replica answers its health check right now.</summary>
    protected abstract Task<bool> ProbeAsync(CancellationToken cancellationToken);

    private async Task MonitorHealthAsync(CancellationToken lifetime)
    {
        while (!lifetime.IsCancellationRequested && State is not (ReplicaState.Restarting or ReplicaState.Stopped or ReplicaState.Failed))
        {
            bool healthy;
            try
            {
                healthy = await ProbeAsync(lifetime);
            }
            catch (Exception) when (!lifetime.IsCancellationRequested)
            {
                healthy = false;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (State is ReplicaState.Restarting or ReplicaState.Stopped or ReplicaState.Failed)
            {
                return;
            }
            if (healthy)
            {
                SetState(ReplicaState.Healthy);
                _healthy.TrySetResult();
            }
            else if (State == ReplicaState.Healthy)
            {
                SetState(ReplicaState.Unhealthy);
            }

            try
            {
                await Task.Delay(State == ReplicaState.Healthy ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(100), lifetime);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void SetState(ReplicaState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        StateChanged?.Invoke(this);
    }
}
