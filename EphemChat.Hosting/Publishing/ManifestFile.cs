using System.Text;
using k8s;
using k8s.Models;

namespace EphemChat.Hosting.Publishing;

/// <summary>One Kubernetes object with the comment written above it.</summary>
internal sealed record ManifestDocument(IKubernetesObject<V1ObjectMeta> Object, string? Comment = null)
{
    /// <summary>"Deployment/rooms", for the publisher's report.</summary>
    public string Title => $"{Object.Kind}/{Object.Metadata.Name}";
}

/// <summary>
/// A YAML file of one or more documents. Objects are serialized by KubernetesClient (fields in a fixed order, values
/// quoted where YAML would misread them), so the same model always gives the same bytes.
/// </summary>
internal sealed record ManifestFile(string FileName, string Comment, IReadOnlyList<ManifestDocument> Documents)
{
    /// <summary>The first line of every generated file; a later publish removes stale files that start with it.</summary>
    public const string GeneratedMarker = "# Generated from the EphemChat AppHost model";

    public string Render()
    {
        var text = new StringBuilder();
        text.Append(GeneratedMarker).Append(" by `dotnet run --project EphemChat.AppHost -- publish --publisher kubernetes`.\n");
        text.Append("# Change the model (EphemChat.AppHost/Program.cs) and publish again, or patch with a kustomize overlay.\n");
        AppendComment(text, Comment);
        for (var i = 0; i < Documents.Count; i++)
        {
            text.Append("---\n");
            AppendComment(text, Documents[i].Comment);
            var yaml = KubernetesYaml.Serialize(Documents[i].Object).ReplaceLineEndings("\n");
            text.Append(yaml);
            if (!yaml.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }
        return text.ToString();
    }

    internal static void AppendComment(StringBuilder text, string? comment)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return;
        }
        foreach (var line in comment.Trim().Split('\n'))
        {
            text.Append(line.Length == 0 ? "#" : "# " + line.TrimEnd()).Append('\n');
        }
    }
}
