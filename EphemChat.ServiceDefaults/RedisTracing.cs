using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace EphemChat.ServiceDefaults;

/// <summary>
/// Store calls as spans, without an instrumentation package (none is in the registry): StackExchange.Redis's
/// profiling API collects every command issued while a recorded span is current, and when that span ends each
/// command becomes a child span named <c>redis COMMAND</c> (<c>db.system=redis</c>, <c>db.operation</c>, the
/// server, the database), timed from the command's creation to its completion. Only command names are recorded:
/// never keys, arguments or values, which may carry user data.
/// </summary>
public sealed class RedisTracing
{
    /// <summary>The <see cref="ActivitySource"/> of the store spans, which tracing subscribes to.</summary>
    public const string ActivitySourceName = "EphemChat.Redis";

    private static readonly ActivitySource s_source = new(ActivitySourceName);

    // Weak: a span that never ends (or is never exported) does not keep its session alive.
    private readonly ConditionalWeakTable<Activity, ProfilingSession> _sessions = [];

    /// <summary>The profiling session of the current recorded span, or null (the command is not traced).</summary>
    public ProfilingSession? CurrentSession()
    {
        var activity = Activity.Current;
        if (activity is null || !activity.Recorded || activity.Source.Name == ActivitySourceName)
        {
            return null;
        }
        return _sessions.GetValue(activity, static _ => new ProfilingSession());
    }

    /// <summary>Turns the commands issued under <paramref name="activity"/> into its child spans.</summary>
    public void OnActivityEnded(Activity activity)
    {
        if (!_sessions.TryGetValue(activity, out var session))
        {
            return;
        }
        _sessions.Remove(activity);
        foreach (var command in session.FinishProfiling())
        {
            Emit(activity, command);
        }
    }

    private static void Emit(Activity parent, IProfiledCommand command)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(command.CommandCreated, DateTimeKind.Utc));
        var tags = new List<KeyValuePair<string, object?>>
        {
            new("db.system", "redis"),
            new("db.system.name", "redis"),
            new("db.operation", command.Command),
            new("db.operation.name", command.Command),
            new("db.redis.database_index", command.Db),
        };
        switch (command.EndPoint)
        {
            case IPEndPoint ip:
                tags.Add(new("server.address", ip.Address.ToString()));
                tags.Add(new("server.port", ip.Port));
                break;
            case DnsEndPoint dns:
                tags.Add(new("server.address", dns.Host));
                tags.Add(new("server.port", dns.Port));
                break;
        }
        using var span = s_source.StartActivity($"redis {command.Command}", ActivityKind.Client, parent.Context, tags, startTime: start);
        span?.SetEndTime((start + command.ElapsedTime).UtcDateTime);
    }
}

/// <summary>Hands every ended span to <see cref="RedisTracing"/> so its store commands become child spans.</summary>
internal sealed class RedisTracingProcessor(RedisTracing tracing) : BaseProcessor<Activity>
{
    public override void OnEnd(Activity data) => tracing.OnActivityEnded(data);
}
