using System.Text.RegularExpressions;
using k8s.Models;

namespace EphemChat.Kubernetes.Tests;

/// <summary>The store's connection string reaches services only through a Secret; nothing secret sits in a ConfigMap.</summary>
public sealed partial class SecretTests
{
    private const string ExternalStore = "cache.example.net:6380,password=Sup3r-s3cret,ssl=true";

    [Theory]
    [InlineData("identity")]
    [InlineData("rooms")]
    [InlineData("signaling")]
    [InlineData("matchmaking")]
    public async Task TheStoreConnectionStringComesFromASecretKeyRef(string name)
    {
        var manifests = await PublishedManifests.PublishAsync();

        var variable = manifests.Environment(name)["ConnectionStrings__redis"];

        Assert.Null(variable.Value);
        var reference = variable.ValueFrom.SecretKeyRef;
        var secret = manifests.Get<V1Secret>(reference.Name);
        Assert.Equal("redis:6379", secret.StringData[reference.Key]);
        foreach (var part in new[] { "REDIS_HOST", "REDIS_PORT", "REDIS_URI" })
        {
            Assert.Equal(reference.Name, manifests.Environment(name)[part].ValueFrom.SecretKeyRef.Name);
        }
    }

    [Fact]
    public async Task TheInClusterSecretPointsAtTheRedisService()
    {
        var manifests = await PublishedManifests.PublishAsync();

        var secret = manifests.Get<V1Secret>("redis-connection");

        Assert.Equal("redis", secret.StringData["host"]);
        Assert.Equal("6379", secret.StringData["port"]);
        Assert.Equal("redis://redis:6379", secret.StringData["uri"]);
        Assert.Equal(6379, Assert.Single(manifests.Get<V1Service>("redis").Spec.Ports).Port);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task NoConfigMapHoldsASecretLookingValue(bool externalStore)
    {
        var manifests = await PublishedManifests.PublishAsync(externalStore ? ["--redis-connection", ExternalStore] : null);

        var configMaps = manifests.All<V1ConfigMap>().ToList();

        Assert.NotEmpty(configMaps);
        Assert.All(configMaps.SelectMany(c => c.Data ?? new Dictionary<string, string>()), entry =>
        {
            Assert.False(SecretLooking().IsMatch(entry.Key), $"ConfigMap key {entry.Key} looks secret");
            Assert.False(SecretLooking().IsMatch(entry.Value), $"ConfigMap value of {entry.Key} looks secret");
            Assert.DoesNotContain("redis:6379", entry.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task NoPlainEnvironmentValueHoldsAConnectionStringOrPassword()
    {
        var manifests = await PublishedManifests.PublishAsync(["--redis-connection", ExternalStore]);

        var literals = manifests.All<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers)
            .SelectMany(c => c.Env)
            .Where(e => e.Value is not null);

        Assert.All(literals, e =>
        {
            Assert.False(SecretLooking().IsMatch(e.Name + "=" + e.Value), $"{e.Name} is a plain value that looks secret");
            Assert.DoesNotContain("cache.example.net", e.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task AnExternalStorePasswordAppearsOnlyInTheSecret()
    {
        var manifests = await PublishedManifests.PublishAsync(["--redis-connection", ExternalStore]);

        var secret = manifests.Get<V1Secret>("redis-connection");

        Assert.Equal(ExternalStore, secret.StringData["connection-string"]);
        Assert.Equal("cache.example.net", secret.StringData["host"]);
        Assert.Equal("6380", secret.StringData["port"]);
        Assert.DoesNotContain("Sup3r-s3cret", secret.StringData["uri"], StringComparison.Ordinal);
        Assert.Equal(["redis-secret.yaml"], manifests.Files.Where(f => f.Value.Contains("Sup3r-s3cret", StringComparison.Ordinal)).Select(f => f.Key));
    }

    [GeneratedRegex("(?i)(password|passwd|pwd=|secret|token|api[-_]?key|private[-_]?key|connectionstring|connection-string)")]
    private static partial Regex SecretLooking();
}
