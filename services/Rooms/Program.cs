using EphemChat.Rooms.Api;
using EphemChat.Rooms.Extensions;
using EphemChat.Rooms.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapOpenApi("/api/rooms/openapi/{documentName}.json");
app.MapRoomsApi();
app.MapDispatchesApi();
app.MapGrpcService<RoomsService>();
app.Run();
