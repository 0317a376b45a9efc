using EphemChat.Hosting;
using EphemChat.Hosting.Publishing;
using EphemChat.Hosting.Testing;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EphemChat.Kubernetes.Tests;

/// <summary>
/// The manifests published from the AppHost's real model, parsed back into typed Kubernetes objects with
/// KubernetesClient, as a cluster's API server would read them.
/// </summary>
internal sealed class PublishedManifests
{
    private PublishedManifests(DistributedApplicationBuilder model, IReadOnlyDictionary<string, string> files)
    {
        Model = model;
        Files = files;
        Documents = files
            .Where(f => f.Key != "kustomization.yaml")
            .ToDictionary(f => f.Key, f => (IReadOnlyList<object>)KubernetesYaml.LoadAllFromString(f.Value));
        Kustomization = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<KustomizationFile>(files["kustomization.yaml"]);
    }

    /// <summary>The model the manifests were published from.</summary>
    public DistributedApplicationBuilder Model { get; }

    /// <summary>File name → YAML, as the publisher wrote it.</summary>
    public IReadOnlyDictionary<string, string> Files { get; }

    /// <summary>File name → the objects it holds.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object>> Documents { get; }

    /// <summary>kustomization.yaml.</summary>
    public KustomizationFile Kustomization { get; }

    /// <summary>The projects of the model.</summary>
    public IEnumerable<ProjectResource> Projects => Model.Resources.OfType<ProjectResource>();

    /// <summary>Publishes the AppHost's model built from <paramref name="args"/>, after <paramref name="change"/> if given.</summary>
    public static async Task<PublishedManifests> PublishAsync(
        string[]? args = null, KubernetesPublishingOptions? options = null, Action<DistributedApplicationBuilder>? change = null)
    {
        var model = await DistributedApplicationTestingBuilder.CreateAsync<Program>(args);
        change?.Invoke(model);
        return new PublishedManifests(model, KubernetesPublisher.Generate(model, options));
    }

    /// <summary>Every object of type <typeparamref name="T"/> in every file.</summary>
    public IEnumerable<T> All<T>() => Documents.Values.SelectMany(d => d).OfType<T>();

    /// <summary>The one object of type <typeparamref name="T"/> with this name.</summary>
    public T Get<T>(string name) where T : IKubernetesObject<V1ObjectMeta> => Assert.Single(All<T>(), o => o.Metadata.Name == name);

    /// <summary>The single container of a Deployment.</summary>
    public V1Container Container(string deployment) => Assert.Single(Get<V1Deployment>(deployment).Spec.Template.Spec.Containers);

    /// <summary>
    /// What the process of <paramref name="deployment"/> sees: its own variables, plus every key of a ConfigMap it
    /// takes with envFrom (resolved to a literal value), by name.
    /// </summary>
    public Dictionary<string, V1EnvVar> Environment(string deployment)
    {
        var container = Container(deployment);
        var env = new Dictionary<string, V1EnvVar>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var configMap = Get<V1ConfigMap>(source.ConfigMapRef.Name);
            foreach (var (key, value) in configMap.Data)
            {
                env[key] = new V1EnvVar { Name = key, Value = value };
            }
        }
        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable;
        }
        return env;
    }
}

/// <summary>The parts of kustomization.yaml the tests read.</summary>
internal sealed class KustomizationFile
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Namespace { get; set; } = "";

    public List<string> Resources { get; set; } = [];

    public List<KustomizationImage> Images { get; set; } = [];
}

/// <summary>An <c>images:</c> entry.</summary>
internal sealed class KustomizationImage
{
    public string Name { get; set; } = "";

    public string NewName { get; set; } = "";

    public string NewTag { get; set; } = "";
}
