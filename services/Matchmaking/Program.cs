using EphemChat.Matchmaking.Api;
using EphemChat.Matchmaking.Extensions;
using EphemChat.Matchmaking.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi("/api/match/openapi/{documentName}.json");
app.MapMatchApi();
app.MapGrpcService<MatchmakingService>();
app.Run();
