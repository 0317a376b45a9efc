using EphemChat.Hosting.Publishing;
using EphemChat.Hosting.Testing;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;

namespace EphemChat.Kubernetes.Tests;

/// <summary>Tests that replace the process-wide console.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The publish verb: from the AppHost's command line to files on disk.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class PublishCommandTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "ephemchat-k8s-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ThePublishVerbThroughTheAppHostEntryPointWritesTheManifests()
    {
        string[] args = ["publish", "--publisher", "kubernetes", "--output", _output, "--tag", "2.0.1"];
        var printed = new StringWriter();
        var console = Console.Out;

        Console.SetOut(printed);
        try
        {
            // The AppHost's own Main: CreateBuilder → the model → Build() → Run(), which dispatches to the publisher.
            typeof(Program).Assembly.EntryPoint!.Invoke(null, [args]);
        }
        finally
        {
            Console.SetOut(console);
        }

        var expected = KubernetesPublisher.Generate(
            await DistributedApplicationTestingBuilder.CreateAsync<Program>(args), new KubernetesPublishingOptions { Tag = "2.0.1" });
        Assert.Equal(expected.Keys.Order(), Directory.EnumerateFiles(_output).Select(Path.GetFileName).Order());
        Assert.All(expected, f => Assert.Equal(f.Value, File.ReadAllText(Path.Combine(_output, f.Key))));
        Assert.Equal("ephemchat/rooms:2.0.1",
            KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(_output, "rooms.yaml"))).OfType<V1Deployment>().Single()
                .Spec.Template.Spec.Containers[0].Image);
        var report = printed.ToString();
        Assert.Contains(_output, report, StringComparison.Ordinal);
        Assert.Contains("Deployment/rooms", report, StringComparison.Ordinal);
        Assert.Contains("StatefulSet/redis", report, StringComparison.Ordinal);
        Assert.Contains($"kubectl apply -k {_output}", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepublishingRemovesFilesItNoLongerGeneratesButLeavesOthersAlone()
    {
        var model = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
        await KubernetesPublisher.WriteAsync(model, _output);
        await File.WriteAllTextAsync(Path.Combine(_output, "my-overlay.yaml"), "# the operator's own file\n");
        Assert.True(File.Exists(Path.Combine(_output, "redis.yaml")));

        var external = await DistributedApplicationTestingBuilder.CreateAsync<Program>(["--redis-connection", "cache.example.net:6380"]);
        var written = await KubernetesPublisher.WriteAsync(external, _output);

        Assert.False(File.Exists(Path.Combine(_output, "redis.yaml")));
        Assert.True(File.Exists(Path.Combine(_output, "my-overlay.yaml")));
        Assert.Equal(
            written.Select(f => f.FileName).Append("my-overlay.yaml").Order(),
            Directory.EnumerateFiles(_output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task TheReportNamesEveryObjectOfEveryFile()
    {
        var model = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            ["publish", "--publisher", "kubernetes", "--output", _output]);
        var printed = new StringWriter();
        var errors = new StringWriter();

        var exitCode = await Publisher.RunAsync(model, printed, errors, CancellationToken.None);

        Assert.Equal(0, exitCode);
        Assert.Empty(errors.ToString());
        Assert.Contains("signaling.yaml", printed.ToString(), StringComparison.Ordinal);
        Assert.Contains("Deployment/signaling, Service/signaling, PodDisruptionBudget/signaling, HorizontalPodAutoscaler/signaling",
            printed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--output", "OUT" }, "--publisher")]
    [InlineData(new[] { "--publisher", "manifest", "--output", "OUT" }, "Unknown publisher 'manifest'")]
    [InlineData(new[] { "--publisher", "kubernetes" }, "--output")]
    [InlineData(new[] { "--publisher", "kubernetes", "--output", "OUT", "--tag", "not a tag" }, "--tag")]
    [InlineData(new[] { "--publisher", "kubernetes", "--output", "OUT", "--registry", "Registry.Example" }, "--registry")]
    [InlineData(new[] { "--publisher", "kubernetes", "--output", "OUT", "--max-replicas", "many" }, "--max-replicas")]
    [InlineData(new[] { "--publisher", "kubernetes", "--output", "OUT", "--trusted-proxies", "10.0.0.0/33" }, "--trusted-proxies")]
    [InlineData(new[] { "--publisher", "kubernetes", "--output", "OUT", "--redis-storage", "lots" }, "--redis-storage")]
    public async Task AnInvalidPublishRequestIsAClearErrorAndWritesNothing(string[] options, string expected)
    {
        var model = await DistributedApplicationTestingBuilder.CreateAsync<Program>(
            ["publish", .. options.Select(o => o == "OUT" ? _output : o)]);
        var errors = new StringWriter();

        var exitCode = await Publisher.RunAsync(model, TextWriter.Null, errors, CancellationToken.None);

        Assert.Equal(1, exitCode);
        Assert.StartsWith("publish: ", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, errors.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Theory]
    [InlineData(new[] { "publish", "--publisher", "kubernetes" }, true)]
    [InlineData(new[] { "--publisher", "kubernetes", "publish" }, true)]
    [InlineData(new[] { "--tag=1.0", "publish" }, true)]
    [InlineData(new[] { "--tag", "publish" }, false)]
    [InlineData(new[] { "--redis", "redis-server" }, false)]
    [InlineData(new string[0], false)]
    public void PublishIsRecognizedAsAVerbNotAsAnOptionValue(string[] args, bool expected) =>
        Assert.Equal(expected, PublishCommand.IsRequested(args));

    [Fact]
    public void TheOutputFolderBecomesAbsolute()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--publisher", "kubernetes", "--output", "deploy/k8s"]).Build();

        var command = PublishCommand.Parse(configuration);

        Assert.Equal(Path.GetFullPath("deploy/k8s"), command.OutputDirectory);
        Assert.Equal("kubernetes", command.Publisher);
    }

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }
}
