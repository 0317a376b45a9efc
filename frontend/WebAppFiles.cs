using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace EphemChat.Frontend;

/// <summary>Serves the built web app: hashed assets cached for a year, index.html never, SPA fallback.</summary>
internal static class WebAppFiles
{
    public static WebApplication UseWebAppFiles(this WebApplication app)
    {
        var root = Path.Combine(app.Environment.ContentRootPath, "wwwroot");
        Directory.CreateDirectory(root);
        var files = new PhysicalFileProvider(root);

        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                // Vite names files under /assets by content hash: they never change, so cache them forever.
                headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        // Client-side routes (/room/{id}, /join/{id}, /account) all load the app.
        app.MapFallback(async context =>
        {
            var index = files.GetFileInfo("index.html");
            if (!index.Exists)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync("The web app is not built: run the .NET build (it runs npm).");
                return;
            }
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            await context.Response.SendFileAsync(index);
        });
        return app;
    }
}
