using EphemChat.Gateway.Api;
using EphemChat.Gateway.Extensions;
using EphemChat.Gateway.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.UseRateLimiter();
app.UseWebSockets();
app.MapStatusApi();
app.MapUnknownApiRoutes();
app.MapReverseProxy();
app.Run();
