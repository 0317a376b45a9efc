using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Tests.Support;
using EphemChat.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Identity.Tests;

[Collection(IdentityCollection.Name)]
public sealed class MetricsTests(IdentityFixture fixture)
{
    [Fact]
    public async Task CreationsRestoresAndFailuresAreCountedOnTheServiceMeterWithoutIds()
    {
        var meter = fixture.Host.Services.GetRequiredService<ServiceTelemetry>().Meter;
        var measurements = new ConcurrentQueue<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measurements.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();
        using var browser = fixture.Host.CreateBrowserClient();

        var session = await browser.CreateSessionAsync("Counted", remember: true);
        await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = session.Token });
        await fixture.Host.CreateBrowserClient().PostAsJsonAsync("/api/identity/sessions/restore", new { token = SessionToken.Create() });

        Assert.Contains(measurements, m => m.Instrument == "ephemchat.identity.accounts.created" && Equals(m.Tags["remember"], true));
        Assert.Contains(measurements, m => m.Instrument == "ephemchat.identity.sessions.restored");
        Assert.Contains(measurements, m => m.Instrument == "ephemchat.identity.authentication.failures" && Equals(m.Tags["reason"], "invalid"));
        Assert.DoesNotContain(measurements, m => m.Tags.Values.Any(v => v is string s && (s.Contains(session.User.Id) || s.Contains(session.Token!))));
    }
}
