namespace EphemChat.Hosting.Orchestration;

/// <summary>Where one replica of a resource is in its life.</summary>
public enum ReplicaState
{
    /// <summary>Held by <c>WaitFor</c>.</summary>
    Waiting,

    /// <summary>Started; its health check has not passed yet.</summary>
    Starting,

    /// <summary>Running and healthy.</summary>
    Healthy,

    /// <summary>Running, but its health check fails.</summary>
    Unhealthy,

    /// <summary>Exited unexpectedly; will be restarted after a backoff.</summary>
    Restarting,

    /// <summary>Stopped on request.</summary>
    Stopped,

    /// <summary>Could not be started.</summary>
    Failed,
}

/// <summary>A moment's view of one replica.</summary>
public sealed record ReplicaSnapshot(
    string Resource,
    int Replica,
    ReplicaState State,
    int? ProcessId,
    IReadOnlyList<string> Urls,
    int Restarts,
    DateTimeOffset? StartedAt,
    string? LastError);
