using System.Text;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// <c>kustomization.yaml</c>: every file in apply order and an <c>images:</c> entry per resource, so an operator
/// retargets registry and tag (or adds an overlay) without touching the generated files.
/// </summary>
internal static class Kustomization
{
    public const string FileName = "kustomization.yaml";

    public static string Render(IEnumerable<string> files, IEnumerable<(string Name, string Tag)> images)
    {
        var text = new StringBuilder();
        text.Append(ManifestFile.GeneratedMarker).Append(" by `dotnet run --project EphemChat.AppHost -- publish --publisher kubernetes`.\n");
        ManifestFile.AppendComment(text,
            "Apply with: kubectl apply -k .\n" +
            "Images: build each with dotnet publish <project> -c Release -t:PublishContainer -p:ContainerRepository=ephemchat/<resource>;\n" +
            "change newName/newTag below (or `kustomize edit set image`) to pull them from another registry or tag.");
        text.Append("apiVersion: kustomize.config.k8s.io/v1beta1\n");
        text.Append("kind: Kustomization\n");
        text.Append("namespace: ").Append(KubernetesPublishingOptions.Namespace).Append('\n');
        text.Append("resources:\n");
        foreach (var file in files)
        {
            text.Append("- ").Append(file).Append('\n');
        }
        text.Append("images:\n");
        foreach (var (name, tag) in images)
        {
            text.Append("- name: ").Append(name).Append('\n');
            text.Append("  newName: ").Append(name).Append('\n');
            text.Append("  newTag: ").Append(Quote(tag)).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Splits <c>registry:5000/redis:7</c> into name and tag (<c>latest</c> when there is none).</summary>
    public static (string Name, string Tag) Split(string image)
    {
        var separator = image.LastIndexOf(':');
        return separator > image.LastIndexOf('/') ? (image[..separator], image[(separator + 1)..]) : (image, "latest");
    }

    // A tag such as 1.0 or 20250101 would be read as a number; image tags are strings.
    private static string Quote(string tag) => $"\"{tag}\"";
}
