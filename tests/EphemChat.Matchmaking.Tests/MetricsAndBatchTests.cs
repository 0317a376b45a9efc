using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EphemChat.Matchmaking.Matching;
using EphemChat.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Matchmaking.Tests;

public sealed class MetricsAndBatchTests(MatchmakingFixture fixture) : MatchmakingTests(fixture)
{
    [Fact]
    public async Task PairsTimeToMatchQueueLengthAndFailuresAreMeasured()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, string? Reason)>();
        // Each replica has its own meter; the queue length is the one this replica read in its pass.
        var meter = Fixture.Replica.Services.GetRequiredService<ServiceTelemetry>().Meter;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name.StartsWith("ephemchat.match.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Reason(tags))));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, Reason(tags))));
        listener.Start();
        var (a, b, c, d) = (await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync(), await Fixture.CreateUserAsync());

        await Fixture.MatchAsync(a, b);
        Fixture.Rooms.FailAll = true;
        await Fixture.SearchAsync(c);
        await Fixture.SearchAsync(d);
        await Fixture.Engine.RunOnceAsync();
        listener.RecordObservableInstruments();

        Assert.Equal(1, measurements.Where(m => m.Instrument == MatchMetrics.PairsName).Sum(m => m.Value));
        // The store keeps milliseconds, so a wait is exact to within one.
        var waits = measurements.Where(m => m.Instrument == MatchMetrics.TimeToMatchName).Select(m => m.Value).Order().ToList();
        Assert.Equal(2, waits.Count);
        Assert.InRange(waits[0], 0, 1);
        Assert.InRange(waits[1], 1000, 1001);
        Assert.Contains(measurements, m => m.Instrument == MatchMetrics.FailuresName && m.Reason == "create-room");
        Assert.Equal(2, measurements.Last(m => m.Instrument == MatchMetrics.QueueLengthName).Value);
    }

    [Fact]
    public async Task OnePassPairsEveryoneEvenBeyondOneBatchOfPairs()
    {
        // Searchers made in the store directly: a pass needs no accounts.
        var store = Fixture.SearchStore;
        var now = Fixture.Time.GetUtcNow();
        var count = Fixture.Options.MaxPairsPerPass * 2 * 2 + 3;
        for (var i = 0; i < count; i++)
        {
            await store.StartAsync($"batch-{i:D4}", $"Batch {i}", [], now.AddMilliseconds(i));
        }

        var made = await Fixture.Engine.RunOnceAsync();

        Assert.Equal(count / 2, made);
        Assert.Equal(count / 2, Fixture.Rooms.Created.Count);
        Assert.Equal(["batch-" + (count - 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)],
            (await Fixture.Store.Database.SortedSetRangeByRankAsync(SearchStore.QueueKey)).Select(v => v.ToString()));
        // First come, first served, and everyone accepts anyone: each searcher pairs with the next one.
        Assert.All(Fixture.Rooms.Created, room =>
        {
            var (first, second) = (int.Parse(room.Members[0][6..], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(room.Members[1][6..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal((0, first + 1), (first % 2, second));
        });
    }

    private static string? Reason(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "reason")
            {
                return tag.Value as string;
            }
        }
        return null;
    }
}
