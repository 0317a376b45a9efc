using System.Reflection;

namespace EphemChat.Kubernetes.Tests;

/// <summary>
/// Pins the whole output. On a difference the actual files are written to <c>Snapshots/kubernetes.actual/</c>
/// beside the committed <c>Snapshots/kubernetes/</c>: diff the two folders, and accept an intended change with
/// <c>rm -r Snapshots/kubernetes &amp;&amp; mv Snapshots/kubernetes.actual Snapshots/kubernetes</c>.
/// </summary>
public sealed class SnapshotTests
{
    private static readonly string s_snapshots = typeof(SnapshotTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SnapshotDirectory").Value!;

    [Fact]
    public async Task TheManifestsOfTheAppHostModelMatchTheSnapshot()
    {
        var manifests = await PublishedManifests.PublishAsync();
        var expectedDirectory = Path.Combine(s_snapshots, "kubernetes");
        var actualDirectory = Path.Combine(s_snapshots, "kubernetes.actual");

        var expected = Directory.Exists(expectedDirectory)
            ? Directory.EnumerateFiles(expectedDirectory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];
        var matches = expected.Count == manifests.Files.Count
            && manifests.Files.All(f => expected.TryGetValue(f.Key, out var text) && text == f.Value);

        if (matches)
        {
            if (Directory.Exists(actualDirectory))
            {
                Directory.Delete(actualDirectory, recursive: true);
            }
            return;
        }
        Directory.CreateDirectory(actualDirectory);
        foreach (var stale in Directory.EnumerateFiles(actualDirectory))
        {
            File.Delete(stale);
        }
        foreach (var (name, text) in manifests.Files)
        {
            await File.WriteAllTextAsync(Path.Combine(actualDirectory, name), text);
        }
        var differing = manifests.Files.Keys.Where(k => !expected.TryGetValue(k, out var text) || text != manifests.Files[k])
            .Concat(expected.Keys.Where(k => !manifests.Files.ContainsKey(k)))
            .Distinct();
        Assert.Fail(
            $"The manifests differ from the snapshot in: {string.Join(", ", differing)}.\n" +
            $"Compare: diff -r {expectedDirectory} {actualDirectory}\n" +
            $"Accept:  rm -r {expectedDirectory} && mv {actualDirectory} {expectedDirectory}");
    }
}
