using EphemChat.Hosting.Dashboard.Security;
using EphemChat.Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EphemChat.Hosting.Dashboard.Api;

/// <summary>
/// <c>/api/resources</c>: every replica with its state, health, process, URLs, restarts and uptime, and the
/// stop / start / restart actions (a whole resource, or one replica with <c>?replica=N</c>).
/// </summary>
internal static class ResourcesApi
{
    public static RouteGroupBuilder MapResourcesApi(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("/resources");
        resources.MapGet("/", List);
        resources.MapPost("/{name}/stop", (string name, int? replica, IDashboardResources app, TimeProvider time) =>
            ActAsync(app, time, name, replica, ResourceAction.Stop));
        resources.MapPost("/{name}/start", (string name, int? replica, IDashboardResources app, TimeProvider time) =>
            ActAsync(app, time, name, replica, ResourceAction.Start));
        resources.MapPost("/{name}/restart", (string name, int? replica, IDashboardResources app, TimeProvider time) =>
            ActAsync(app, time, name, replica, ResourceAction.Restart));
        return resources;
    }

    public static Ok<ResourceDto[]> List(IDashboardResources app, TimeProvider time) =>
        TypedResults.Ok(ResourceDto.From(app.Snapshot(), time.GetUtcNow(), _ => true));

    private static async Task<Results<Ok<ResourceDto[]>, ProblemHttpResult>> ActAsync(
        IDashboardResources app, TimeProvider time, string name, int? replica, ResourceAction action)
    {
        var targets = app.Snapshot().Where(r => r.Resource == name && (replica is null || r.Replica == replica)).ToList();
        if (targets.Count == 0)
        {
            return DashboardProblems.Problem(StatusCodes.Status404NotFound, "resource-not-found",
                replica is null ? $"No resource is named '{name}'." : $"Resource '{name}' has no replica {replica}.");
        }

        var refusal = action switch
        {
            ResourceAction.Stop when targets.All(r => r.State == ReplicaState.Stopped) => $"{name} is already stopped.",
            ResourceAction.Start when targets.Any(r => r.State is not (ReplicaState.Stopped or ReplicaState.Failed)) =>
                $"{name} is not stopped: stop it first, or restart it.",
            ResourceAction.Restart when targets.Any(r => r.State == ReplicaState.Waiting) =>
                $"{name} is still waiting for the resources it depends on.",
            _ => null,
        };
        if (refusal is not null)
        {
            return DashboardProblems.Problem(StatusCodes.Status409Conflict, "resource-state-conflict", refusal);
        }

        switch (action)
        {
            case ResourceAction.Stop:
                await app.StopResourceAsync(name, replica);
                break;
            case ResourceAction.Start:
                await app.StartResourceAsync(name, replica, CancellationToken.None);
                break;
            default:
                await app.RestartResourceAsync(name, replica, CancellationToken.None);
                break;
        }
        return TypedResults.Ok(ResourceDto.From(app.Snapshot(), time.GetUtcNow(), r => r.Resource == name && (replica is null || r.Replica == replica)));
    }

    private enum ResourceAction
    {
        Stop,
        Start,
        Restart,
    }
}

/// <summary>One replica as the Resources page shows it.</summary>
internal sealed record ResourceDto(
    string Name,
    int Replica,
    string DisplayName,
    string State,
    string? Health,
    int? Pid,
    IReadOnlyList<string> Urls,
    int Restarts,
    DateTimeOffset? StartedAt,
    double? UptimeSeconds,
    string? LastError)
{
    public static ResourceDto[] From(IReadOnlyList<ReplicaSnapshot> snapshot, DateTimeOffset now, Func<ReplicaSnapshot, bool> include)
    {
        var replicated = snapshot.GroupBy(r => r.Resource).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return [.. snapshot.Where(include).Select(r => From(r, replicated.Contains(r.Resource), now))];
    }

    private static ResourceDto From(ReplicaSnapshot replica, bool replicated, DateTimeOffset now)
    {
        var running = replica.State is ReplicaState.Starting or ReplicaState.Healthy or ReplicaState.Unhealthy;
        return new ResourceDto(
            replica.Resource,
            replica.Replica,
            replicated ? $"{replica.Resource}-{replica.Replica}" : replica.Resource,
            replica.State switch
            {
                ReplicaState.Healthy or ReplicaState.Unhealthy => "Running",
                _ => replica.State.ToString(),
            },
            replica.State switch
            {
                ReplicaState.Healthy => "Healthy",
                ReplicaState.Unhealthy => "Unhealthy",
                ReplicaState.Starting => "Checking",
                _ => null,
            },
            running ? replica.ProcessId : null,
            replica.Urls,
            replica.Restarts,
            running ? replica.StartedAt : null,
            running && replica.StartedAt is { } started ? Math.Max(0, (now - started).TotalSeconds) : null,
            replica.LastError);
    }
}
