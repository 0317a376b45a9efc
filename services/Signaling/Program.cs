using EphemChat.Signaling.Api;
using EphemChat.Signaling.Extensions;
using EphemChat.Signaling.Grpc;
using EphemChat.Signaling.Hubs;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
// Hubs/HubHandshakePolicy.cs: a foreign Origin or a token in the URL is refused before authentication.
app.MapDefaultEndpoints(beforeAuthentication: pipeline => pipeline.UseHubHandshakePolicy(SignalingHubEndpoints.Path));
app.MapOpenApi("/api/signaling/openapi/{documentName}.json");
app.MapIceServersApi();                                   // Api/IceServersApi.cs
app.MapSignalingHub();                                    // Hubs/SignalingHubEndpoints.cs
app.MapGrpcService<SignalingService>();                   // Grpc/SignalingService.cs
app.Run();
