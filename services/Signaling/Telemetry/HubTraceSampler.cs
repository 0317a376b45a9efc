using OpenTelemetry.Trace;

namespace EphemChat.Signaling.Telemetry;

/// <summary>
/// Traces every hub invocation except the ones a conversation makes many times a second: <c>Signal</c> (an offer,
/// an answer and a burst of ICE candidates per connection) and <c>Typing</c>. A span each would drown the traces
/// that matter and cost the relay a measurable share of its CPU (bench/README.md, relay). Everything else is
/// sampled as the SDK's default does: the parent's decision, else always.
/// </summary>
public sealed class HubTraceSampler : Sampler
{
    /// <summary>Hub methods whose invocations are never traced.</summary>
    public static readonly IReadOnlySet<string> UntracedMethods = new HashSet<string>(["Signal", "Typing"], StringComparer.Ordinal);

    private static readonly Sampler s_default = new ParentBasedSampler(new AlwaysOnSampler());

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        if (IsUntracedInvocation(samplingParameters.Tags))
        {
            return new SamplingResult(SamplingDecision.Drop);
        }
        return s_default.ShouldSample(samplingParameters);
    }

    // SignalR tags each invocation's activity with rpc.system = signalr and rpc.method = the hub method.
    private static bool IsUntracedInvocation(IEnumerable<KeyValuePair<string, object?>>? tags)
    {
        if (tags is null)
        {
            return false;
        }
        string? system = null, method = null;
        foreach (var (key, value) in tags)
        {
            if (key == "rpc.system")
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
