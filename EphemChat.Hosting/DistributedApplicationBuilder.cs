using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using EphemChat.Hosting.Dashboard;
using Microsoft.Extensions.Configuration;

namespace EphemChat.Hosting;

/// <summary>Options a test or the command line sets on the whole application.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Every fixed port (the gateway's 8080) becomes a free dynamic one: tests run side by side.</summary>
    public bool RandomizePorts { get; set; }

    /// <summary>Where services send OTLP (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null: no exporter.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    public string OtlpProtocol { get; set; } = "grpc";

    /// <summary>Write each resource's output to the console with its name as prefix.</summary>
    public bool EchoResourceOutput { get; set; } = true;

    /// <summary>
    /// The developer dashboard and OTLP receiver (on in run mode unless <c>--no-dashboard</c>; off under the testing
    /// builder unless a test turns it on). When on, services export to it and <see cref="OtlpEndpoint"/>, if set,
    /// receives a copy of everything.
    /// </summary>
    public DashboardOptions Dashboard { get; } = new();

    internal DistributedApplicationOptions Clone() => (DistributedApplicationOptions)MemberwiseClone();
}

/// <summary>Builds the model of the distributed application, as Aspire's <c>IDistributedApplicationBuilder</c>.</summary>
public sealed class DistributedApplicationBuilder
{
    internal DistributedApplicationBuilder(string[] args, string appHostDirectory, string buildConfiguration)
    {
        BuildConfiguration = buildConfiguration;
        Args = args;
        AppHostDirectory = appHostDirectory;
        // A bare switch would swallow the next argument as its value in the command-line provider.
        var noDashboard = args.Contains(NoDashboardSwitch);
        Configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(appHostDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables("EPHEMCHAT_")
            .AddCommandLine([.. args.Where(a => a != NoDashboardSwitch)])
            .Build();
        Options.OtlpEndpoint = Configuration["otlp-endpoint"];
        Options.OtlpProtocol = Configuration["otlp-protocol"] ?? Options.OtlpProtocol;
        ConfigureDashboard(noDashboard);
    }

    /// <summary>The switch that runs the system without the dashboard (services then export to <c>--otlp-endpoint</c> only).</summary>
    public const string NoDashboardSwitch = "--no-dashboard";

    /// <summary>The configuration the AppHost was built in (Debug, Release): the projects were built alike.</summary>
    public string BuildConfiguration { get; }

    /// <summary>The command-line arguments.</summary>
    public string[] Args { get; }

    /// <summary>The AppHost project folder: relative project paths start here.</summary>
    public string AppHostDirectory { get; }

    /// <summary><c>appsettings.json</c>, <c>EPHEMCHAT_*</c> variables and the command line (<c>--redis redis-server</c>).</summary>
    public IConfigurationRoot Configuration { get; }

    /// <summary>Application-wide options.</summary>
    public DistributedApplicationOptions Options { get; } = new();

    /// <summary>Every resource, in declaration order.</summary>
    public List<Resource> Resources { get; } = [];

    /// <summary>The resource with this name.</summary>
    public Resource this[string name] =>
        Resources.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No resource is named '{name}'.");

    /// <summary>Adds a resource and returns its builder.</summary>
    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (Resources.Any(r => r.Name == resource.Name))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }
        Resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    /// <summary>Builds the application; under the testing builder, hands the model to the test instead.</summary>
    public DistributedApplication Build()
    {
        if (Testing.DistributedApplicationTestingBuilder.Intercept(this))
        {
            throw new Testing.AppHostInterceptedException();
        }
        return new DistributedApplication(this);
    }

    private void ConfigureDashboard(bool noDashboard)
    {
        var dashboard = Options.Dashboard;
        dashboard.Enabled = true;
        Configuration.GetSection(DashboardOptions.SectionName).Bind(dashboard);
        if (Configuration["dashboard-max-items"] is { } maxItems)
        {
            dashboard.SetMaxItems(int.TryParse(maxItems, NumberStyles.None, CultureInfo.InvariantCulture, out var max)
                ? max : throw new InvalidOperationException($"--dashboard-max-items must be a whole number, not '{maxItems}'."));
        }
        if (Configuration["dashboard-port"] is { } port)
        {
            dashboard.Port = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
                ? p : throw new InvalidOperationException($"--dashboard-port must be a port number, not '{port}'.");
        }
        if (noDashboard || Configuration.GetValue("no-dashboard", false))
        {
            dashboard.Enabled = false;
        }
    }

    private sealed record ResourceBuilder<T>(DistributedApplicationBuilder ApplicationBuilder, T Resource) : IResourceBuilder<T>
        where T : Resource;
}

/// <summary>A resource being configured.</summary>
public interface IResourceBuilder<out T> where T : Resource
{
    /// <summary>The application being built.</summary>
    DistributedApplicationBuilder ApplicationBuilder { get; }

    /// <summary>The resource.</summary>
    T Resource { get; }
}


public sealed partial class DistributedApplication
{
    /// <summary>Creates the builder; the AppHost folder comes from the calling assembly's metadata.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        var appHost = Assembly.GetCallingAssembly();
        return new(args, FindAppHostDirectory(appHost), appHost.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug");
    }

    internal static string FindAppHostDirectory(Assembly appHost) =>
        appHost.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "AppHostProjectDirectory")?.Value
        ?? AppContext.BaseDirectory;
}
