using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EphemChat.Testing;

/// <summary>
/// One service on a real Kestrel server with its two endpoints (<c>http</c> HTTP/1.1, <c>grpc</c> HTTP/2) on free
/// loopback ports, configured exactly as the AppHost configures it (<c>ConnectionStrings__redis</c>,
/// <c>services__NAME__grpc__0</c>, ...). <typeparamref name="TEntryPoint"/> is any public type of the service.
/// </summary>
public class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    public ServiceHost(IDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        HttpPort = FreePorts.Next();
        GrpcPort = FreePorts.Next();
        _settings = new Dictionary<string, string?>(settings)
        {
            ["Kestrel:Endpoints:http:Url"] = HttpUrl,
            ["Kestrel:Endpoints:grpc:Url"] = GrpcUrl,
        };
        _configureServices = configureServices;
        UseKestrel();
    }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public string HttpUrl => $"http://127.0.0.1:{HttpPort}";

    public string GrpcUrl => $"http://127.0.0.1:{GrpcPort}";

    /// <summary>Starts the Kestrel server (idempotent).</summary>
    public ServiceHost<TEntryPoint> Start()
    {
        StartServer();
        return this;
    }

    /// <summary>A real HTTP client to the <c>http</c> endpoint with its own cookie jar (a "browser").</summary>
    public HttpClient CreateBrowserClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(HttpUrl),
        };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }
}
