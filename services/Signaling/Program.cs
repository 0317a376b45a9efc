using EphemChat.Signaling.Api;
using EphemChat.Signaling.Extensions;
using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Hubs;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.UseHubHandshakePolicy(SignalingHubEndpoints.Path);   // Hubs/HubHandshakePolicy.cs: Origin, no token in the URL
app.UseAuthentication();
app.UseAuthorization();
app.MapOpenApi("/api/signaling/openapi/{documentName}.json");
app.MapIceServersApi();                                   // Api/IceServersApi.cs
app.MapSignalingHub();                                    // Hubs/SignalingHubEndpoints.cs
app.MapGrpcService<SignalingService>();                   // Grpc/SignalingService.cs
app.Run();
