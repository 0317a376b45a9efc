using System.Globalization;
using OpenTelemetry.Trace;

namespace EphemChat.Signaling.Telemetry;

/// <summary>
/// Traces every hub invocation except the ones a conversation makes many times a second: <c>Signal</c> (an offer,
/// an answer and a burst of ICE candidates per connection) and <c>Typing</c>. A span each would drown the traces
/// that matter and cost the relay a measurable share of its CPU (bench/README.md, relay). Everything else goes to the
/// sampler <c>OTEL_TRACES_SAMPLER</c> / <c>OTEL_TRACES_SAMPLER_ARG</c> name, as the SDK would choose it were no
/// sampler set in code (which it then no longer reads itself); the SDK's default when none is named.
/// </summary>
public sealed class HubTraceSampler(Sampler others) : Sampler
{
    /// <summary>Hub methods whose invocations are never traced.</summary>
    public static readonly IReadOnlySet<string> UntracedMethods = new HashSet<string>(["Signal", "Typing"], StringComparer.Ordinal);

    public HubTraceSampler()
        : this(FromEnvironment(null, null))
    {
    }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (IsUntracedInvocation(samplingParameters.Tags))
        {
            return new SamplingResult(SamplingDecision.Drop);
        }
        return others.ShouldSample(samplingParameters);
    }

    /// <summary>
    /// The sampler the OpenTelemetry specification's variables name (always_on, always_off, traceidratio and their
    /// parentbased_ forms); parentbased_always_on, the SDK's default, for none or an unknown name.
    /// </summary>
    public static Sampler FromEnvironment(string? name, string? argument)
    {
        var ratio = double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 1 ? parsed : 1.0;
        return name?.Trim().ToLowerInvariant() switch
        {
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(ratio),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(ratio)),
            _ => new ParentBasedSampler(new AlwaysOnSampler()),
        };
    }

    // SignalR tags each invocation's activity with the RPC system (rpc.system, or rpc.system.name in newer semantic
    // conventions) = signalr and rpc.method = the hub method.
    private static bool IsUntracedInvocation(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }
        string? system = null, method = null;
        foreach (var (key, value) in tags)
        {
            if (key is "rpc.system" or "rpc.system.name")
            {
                system = value as string;
            }
            else if (key == "rpc.method")
            {
                method = value as string;
            }
        }
        return system == "signalr" && method is not null && UntracedMethods.Contains(method);
    }
}
