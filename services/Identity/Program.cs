using EphemChat.Identity.Api;
using EphemChat.Identity.Extensions;
using EphemChat.Identity.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseRateLimiter();                 // after forwarded headers: limits are per real client IP
app.UseIdentityRequestBodyLimit();    // Api/RequestBodyLimit.cs
app.MapOpenApi("/api/identity/openapi/{documentName}.json");
app.MapSessionsApi();                 // Api/SessionsApi.cs: create, restore, sign out
app.MapMeApi();                       // Api/MeApi.cs: read, rename, delete
app.MapGrpcService<IdentityService>();
app.Run();
