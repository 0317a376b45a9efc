using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// A container's requests (what the scheduler reserves, and the base of the autoscaler's CPU percentage) and limits
/// (memory above the limit is an OOM kill; .NET sizes its GC heap from it).
/// </summary>
public sealed record ContainerResources(string CpuRequest, string MemoryRequest, string CpuLimit, string MemoryLimit)
{
    internal V1ResourceRequirements ToKubernetes() => new()
    {
        Requests = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(CpuRequest),
            ["memory"] = new(MemoryRequest),
        },
        Limits = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(CpuLimit),
            ["memory"] = new(MemoryLimit),
        },
    };

    internal void Validate(string owner)
    {
        ParseQuantity(CpuRequest, $"{owner} CPU request");
        ParseQuantity(MemoryRequest, $"{owner} memory request");
        ParseQuantity(CpuLimit, $"{owner} CPU limit");
        ParseQuantity(MemoryLimit, $"{owner} memory limit");
    }

    internal static void ParseQuantity(string value, string what)
    {
        try
        {
            _ = new ResourceQuantity(value).ToDecimal();
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new PublishingException($"{what}: '{value}' is not a Kubernetes quantity (100m, 1, 128Mi, 1Gi).");
        }
    }
}
