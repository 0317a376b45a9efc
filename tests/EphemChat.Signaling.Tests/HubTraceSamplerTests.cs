using System.Diagnostics;
using EphemChat.Signaling.Telemetry;
using OpenTelemetry.Trace;

namespace EphemChat.Signaling.Tests;

/// <summary>Which spans signaling records: not one per Signal or Typing, everything else as the SDK's default.</summary>
public sealed class HubTraceSamplerTests
{
    private readonly HubTraceSampler _sampler = new();

    [Theory]
    [InlineData("Signal")]
    [InlineData("Typing")]
    public void HighFrequencyHubInvocationsAreNotTraced(string method)
    {
        var decision = Sample(Invocation(method), parent: default);

        Assert.Equal(SamplingDecision.Drop, decision);
    }

    [Theory]
    [InlineData("EnterRoom")]
    [InlineData("LeaveRoom")]
    [InlineData("OnConnectedAsync")]
    public void OtherHubInvocationsAreTraced(string method)
    {
        var decision = Sample(Invocation(method), parent: default);

        Assert.Equal(SamplingDecision.RecordAndSample, decision);
    }

    [Fact]
    public void TheNewerNameOfTheRpcSystemTagIsRecognizedToo()
    {
        var decision = Sample([new("rpc.method", "Signal"), new("rpc.system.name", "signalr")], parent: default);

        Assert.Equal(SamplingDecision.Drop, decision);
    }

    [Theory]
    [InlineData("always_off", null, SamplingDecision.Drop)]
    [InlineData("traceidratio", "0", SamplingDecision.Drop)]
    [InlineData("traceidratio", "1", SamplingDecision.RecordAndSample)]
    [InlineData("parentbased_always_off", null, SamplingDecision.Drop)]
    [InlineData("always_on", null, SamplingDecision.RecordAndSample)]
    [InlineData(null, null, SamplingDecision.RecordAndSample)]
    [InlineData("no-such-sampler", null, SamplingDecision.RecordAndSample)]
    public void OtherSpansGoToTheSamplerTheEnvironmentNames(string? name, string? argument, SamplingDecision expected)
    {
        var sampler = new HubTraceSampler(HubTraceSampler.FromEnvironment(name, argument));

        var decision = sampler.ShouldSample(new SamplingParameters(default, ActivityTraceId.CreateRandom(), "span", ActivityKind.Server)).Decision;

        Assert.Equal(expected, decision);
    }

    [Fact]
    public void ARequestNamedLikeAHubMethodButNotSignalRIsTraced()
    {
        var decision = Sample([new("rpc.system", "grpc"), new("rpc.method", "Signal")], parent: default);

        Assert.Equal(SamplingDecision.RecordAndSample, decision);
    }

    [Fact]
    public void OtherSpansFollowTheirParentsDecision()
    {
        var unsampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        var sampledParent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        Assert.Equal(SamplingDecision.Drop, Sample(null, unsampledParent));
        Assert.Equal(SamplingDecision.RecordAndSample, Sample(null, sampledParent));
        Assert.Equal(SamplingDecision.RecordAndSample, Sample(null, parent: default));
    }

    private SamplingDecision Sample(KeyValuePair<string, object?>[]? tags, ActivityContext parent) =>
        _sampler.ShouldSample(new SamplingParameters(parent, parent == default ? ActivityTraceId.CreateRandom() : parent.TraceId,
            "span", ActivityKind.Server, tags)).Decision;

    // The tags SignalR puts on the activity of a hub invocation.
    private static KeyValuePair<string, object?>[] Invocation(string method) =>
        [new("rpc.method", method), new("rpc.system", "signalr"), new("rpc.service", "EphemChat.Signaling.Hubs.SignalingHub")];
}
