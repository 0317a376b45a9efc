using Xunit.Abstractions;

namespace EphemChat.EndToEnd.Tests;

/// <summary>Measured durations, written to the test output and to artifacts/timings.txt (never asserted: see the bench).</summary>
internal static class Timings
{
    private static readonly object s_gate = new();

    public static void Record(ITestOutputHelper output, string what, TimeSpan elapsed)
    {
        var line = $"{DateTimeOffset.UtcNow:O} {what}: {elapsed.TotalMilliseconds:0} ms";
        output.WriteLine(line);
        lock (s_gate)
        {
            File.AppendAllLines(Path.Combine(BrowserSystemFixture.ArtifactsDirectory, "..", "timings.txt"), [line]);
        }
    }
}
