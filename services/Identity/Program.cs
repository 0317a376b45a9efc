using EphemChat.Identity.Api;
using EphemChat.Identity.Extensions;
using EphemChat.Identity.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi("/api/identity/openapi/{documentName}.json");
app.MapSessionsApi();
app.MapGrpcService<IdentityService>();
app.Run();
