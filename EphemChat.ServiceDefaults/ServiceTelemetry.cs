using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace EphemChat.ServiceDefaults;

/// <summary>
/// The one <see cref="ActivitySource"/> and one <see cref="Meter"/> of a service, both named after the application
/// (for example <c>EphemChat.Rooms</c>), which <c>ConfigureOpenTelemetry</c> subscribes to.
/// </summary>
public sealed class ServiceTelemetry : IDisposable
{
    /// <summary>Creates the source and meter named after the application.</summary>
    public ServiceTelemetry(IHostEnvironment environment, IMeterFactory meterFactory)
    {
        Name = environment.ApplicationName;
        ActivitySource = new ActivitySource(Name);
        Meter = meterFactory.Create(Name);
    }

    /// <summary>The name shared by the source and the meter.</summary>
    public string Name { get; }

    /// <summary>Spans of the service's own work (store scripts, sweeps, pairing).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Instruments of the service (queue length, pairs, dispatches, ...).</summary>
    public Meter Meter { get; }

    /// <inheritdoc />
    public void Dispose() => ActivitySource.Dispose();
}
