using EphemChat.Identity.Accounts;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EphemChat.Identity.Api;

/// <summary>
/// Refuses bodies over <see cref="IdentityOptions.MaxRequestBodyBytes"/> on the public routes with a 413 problem,
/// before any JSON is read. Kestrel's own limit is 30 MB, far more than a name or a token needs; the gateway has a
/// limit too, but identity does not rely on being behind it.
/// </summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseIdentityRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.Request.Path.StartsWithSegments("/api/identity"))
        {
            await next(context);
            return;
        }
        var limit = context.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status413PayloadTooLarge,
                    Title = $"The request body is too large (at most {limit} bytes).",
                    Type = ProblemDetailsDefaults.Type("payload-too-large"),
                },
            });
            return;
        }
        // A chunked body has no Content-Length: Kestrel cuts it off at the same limit while it streams.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }
        await next(context);
    });
}
