namespace EphemChat.Hosting.Publishing;

/// <summary>Runs the publish verb for <see cref="DistributedApplication.Run"/>: writes the files and says what was written.</summary>
internal static class Publisher
{
    public static async Task<int> RunAsync(
        DistributedApplicationBuilder model, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var command = PublishCommand.Parse(model.Configuration);
            var options = KubernetesPublishingOptions.FromConfiguration(model.Configuration);
            var written = await KubernetesPublisher.WriteAsync(model, command.OutputDirectory, options, cancellationToken);

            await output.WriteLineAsync($"Published the AppHost model as Kubernetes manifests to {command.OutputDirectory}:");
            var width = written.Max(f => f.FileName.Length);
            foreach (var file in written)
            {
                await output.WriteLineAsync($"  {file.FileName.PadRight(width)}  {string.Join(", ", file.Objects)}");
            }
            await output.WriteLineAsync($"Apply with: kubectl apply -k {command.OutputDirectory}");
            return 0;
        }
        catch (PublishingException ex)
        {
            await error.WriteLineAsync($"publish: {ex.Message}");
            return 1;
        }
    }
}
