using Microsoft.Extensions.Configuration;

namespace EphemChat.Hosting.Publishing;

/// <summary>
/// The <c>publish</c> verb of the AppHost, as Aspire's:
/// <c>publish --publisher kubernetes --output DIR [--registry REG] [--tag TAG] [--redis-connection ...]</c>.
/// Every option is an ordinary configuration key of the AppHost, so the model sees the same ones it sees in run mode
/// (<c>--redis-connection</c> makes the store external in both).
/// </summary>
public sealed record PublishCommand(string Publisher, string OutputDirectory)
{
    /// <summary>The verb.</summary>
    public const string Verb = "publish";

    /// <summary>
    /// True when <paramref name="args"/> hold the bare word <c>publish</c> (not as the value of an option such as
    /// <c>--tag publish</c>).
    /// </summary>
    public static bool IsRequested(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith('-') || arg.StartsWith('/'))
            {
                // "--key value" consumes the next argument; "--key=value" does not.
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
                continue;
            }
            if (arg == Verb)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Reads <c>--publisher</c> and <c>--output</c>; the output folder is made absolute.</summary>
    public static PublishCommand Parse(IConfiguration configuration)
    {
        var publisher = configuration["publisher"];
        if (string.IsNullOrWhiteSpace(publisher))
        {
            throw new PublishingException($"publish needs --publisher ({KubernetesPublisher.Name}).");
        }
        if (!string.Equals(publisher, KubernetesPublisher.Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new PublishingException($"Unknown publisher '{publisher}'. Available: {KubernetesPublisher.Name}.");
        }
        var output = configuration["output"] ?? configuration["output-path"];
        if (string.IsNullOrWhiteSpace(output))
        {
            throw new PublishingException("publish needs --output DIR: the folder the manifests are written to.");
        }
        return new PublishCommand(KubernetesPublisher.Name, Path.GetFullPath(output));
    }
}
