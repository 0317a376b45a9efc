using EphemChat.Signaling.Api;
using EphemChat.Signaling.Extensions;
using EphemChat.Signaling.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi("/api/signaling/openapi/{documentName}.json");
app.MapIceServersApi();
app.MapGrpcService<SignalingService>();
app.Run();
