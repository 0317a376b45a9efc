using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EphemChat.ServiceDefaults;

/// <summary>
/// Every error a client sees is RFC 9457 problem details with a stable <c>type</c> and a readable <c>title</c>;
/// malformed input is a 400 that says so, never a 500, and nothing internal leaks into the body.
/// </summary>
public static class ProblemDetailsDefaults
{
    /// <summary>The prefix of every problem <c>type</c>.</summary>
    public const string TypeBase = "https://ephemchat.app/problems/";

    /// <summary>A stable problem type URI for a slug such as <c>name-too-long</c>.</summary>
    public static string Type(string slug) => TypeBase + slug;

    /// <summary>Registers problem details, the exception handler and strict JSON binding.</summary>
    public static TBuilder AddDefaultProblemDetails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null or { Length: 0 } || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = Type(SlugFor(problem.Status ?? context.HttpContext.Response.StatusCode));
            }
            problem.Extensions.Remove("traceId");
            // Kestrel and minimal APIs set these statuses without an exception; give them the titles the handler gives.
            problem.Title = (problem.Status, problem.Title) switch
            {
                (413, "Content Too Large" or "Payload Too Large" or null) => "The request body is too large.",
                (415, "Unsupported Media Type" or null) => "The request body must be JSON (Content-Type: application/json).",
                _ => problem.Title,
            };
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // Binding failures throw so that the exception handler turns them into a precise problem.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options => options.SerializerOptions.AllowTrailingCommas = false);
        return builder;
    }

    internal static string SlugFor(int status) => status switch
    {
        400 => "bad-request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not-found",
        405 => "method-not-allowed",
        409 => "conflict",
        413 => "payload-too-large",
        415 => "unsupported-media-type",
        429 => "too-many-requests",
        503 => "service-unavailable",
        _ => status >= 500 ? "internal-error" : "error",
    };

    private sealed class BadRequestExceptionHandler(IProblemDetailsService problems, ILogger<BadRequestExceptionHandler> logger)
        : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
        {
            var (status, title) = exception switch
            {
                BadHttpRequestException { StatusCode: 413 } => (413, "The request body is too large."),
                BadHttpRequestException { StatusCode: 415 } => (415, "The request body must be JSON (Content-Type: application/json)."),
                BadHttpRequestException { InnerException: System.Text.Json.JsonException } =>
                    (400, "The request body is not valid JSON for this call."),
                // Minimal APIs say "Implicit body inferred for parameter ... but no body was provided" (no or empty
                // body) or "Required parameter ... was not provided from body" (a JSON null).
                BadHttpRequestException bad when bad.Message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase)
                    || bad.Message.Contains("was not provided from body", StringComparison.OrdinalIgnoreCase) =>
                    (400, "The request body is missing."),
                BadHttpRequestException bad => (bad.StatusCode, "The request is not valid."),
                OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "The client closed the request."),
                _ => (500, "An unexpected error occurred."),
            };
            if (status == 500)
            {
                logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
            }
            if (status == 499)
            {
                return true;
            }

            context.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                Exception = exception,
                ProblemDetails = new ProblemDetails
                {
                    Status = status,
                    Title = title,
                    Type = Type(status == 400 && exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException }
                        ? "malformed-json" : SlugFor(status)),
                },
            });
        }
    }
}
