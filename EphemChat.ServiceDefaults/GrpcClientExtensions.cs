using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>gRPC clients of other EphemChat services, found by service discovery.</summary>
public static class GrpcClientExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TClient"/> for the <c>grpc</c> endpoint of <paramref name="serviceName"/>
    /// (<c>services__{serviceName}__grpc__0</c>), with a deadline on every call that has none and a short retry
    /// for UNAVAILABLE only, so a dead peer fails a request in about a second instead of a long retry chain.
    /// </summary>
    public static IHttpClientBuilder AddServiceGrpcClient<TClient>(
        this IHostApplicationBuilder builder, string serviceName, TimeSpan? deadline = null) where TClient : class
    {
        var callDeadline = deadline ?? TimeSpan.FromSeconds(3);
        return builder.Services
            .AddGrpcClient<TClient>(options => options.Address = new Uri($"http://_grpc.{serviceName}"))
            .ConfigureChannel(channel => channel.ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(100),
                            MaxBackoff = TimeSpan.FromMilliseconds(400),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            })
            .AddInterceptor(() => new DefaultDeadlineInterceptor(callDeadline));
    }

    private sealed class DefaultDeadlineInterceptor(TimeSpan deadline) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request,
            ClientInterceptorContext<TRequest, TResponse> context,
            AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            if (context.Options.Deadline is null)
            {
                context = new ClientInterceptorContext<TRequest, TResponse>(
                    context.Method, context.Host, context.Options.WithDeadline(DateTime.UtcNow + deadline));
            }
            return continuation(request, context);
        }
    }
}
