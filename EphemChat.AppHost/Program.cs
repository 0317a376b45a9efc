using EphemChat.Hosting;
using Microsoft.Extensions.Configuration;

var builder = DistributedApplication.CreateBuilder(args);

var redis = builder.AddRedis("redis");

var identity = builder.AddProject("identity", "../services/Identity/EphemChat.Identity.csproj")
    .WithGrpcEndpoint()
    .WithReference(redis).WaitFor(redis)
    .WithHttpHealthCheck("/health");

var rooms = builder.AddProject("rooms", "../services/Rooms/EphemChat.Rooms.csproj")
    .WithGrpcEndpoint()
    .WithReference(redis).WaitFor(redis)
    .WithReference(identity)
    .WithHttpHealthCheck("/health");

// A TURN relay when Debian's coturn is installed, so peers that cannot reach each other directly still connect.
var turn = builder.AddTurnServerIfInstalled();

// Two replicas from day one: the SignalR backplane and presence must work across processes.
var signaling = builder.AddProject("signaling", "../services/Signaling/EphemChat.Signaling.csproj")
    .WithGrpcEndpoint()
    .WithReplicas(2)
    .WithTurnServer(turn)
    .WithReference(redis).WaitFor(redis)
    .WithReference(identity)
    .WithReference(rooms)
    .WithHttpHealthCheck("/health");

var matchmaking = builder.AddProject("matchmaking", "../services/Matchmaking/EphemChat.Matchmaking.csproj")
    .WithGrpcEndpoint()
    .WithReference(redis).WaitFor(redis)
    .WithReference(identity)
    .WithReference(rooms)
    .WithReference(signaling)
    .WithHttpHealthCheck("/health");

// Rooms pushes RoomDestroyed and friends through signaling; signaling ends the searches of users who left.
rooms.WithReference(signaling);
signaling.WithReference(matchmaking);
identity.WithReference(rooms).WithReference(matchmaking);

var frontend = builder.AddProject("frontend", "../frontend/EphemChat.Frontend.csproj")
    .WithHttpHealthCheck("/health");

// The one public origin: http://localhost:8080 unless --gateway-port says otherwise.
var gateway = builder.AddProject("gateway", "../gateway/EphemChat.Gateway.csproj")
    .WithHttpEndpoint(port: builder.Configuration.GetValue("gateway-port", 8080))
    .WithReference(identity).WithReference(matchmaking).WithReference(rooms).WithReference(signaling).WithReference(frontend)
    .WaitFor(identity).WaitFor(matchmaking).WaitFor(rooms).WaitFor(signaling).WaitFor(frontend)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

// The hub accepts WebSockets only from the public origin (cross-site WebSocket hijacking).
signaling
    .WithEnvironment("Signaling__AllowedOrigins__0", gateway.GetEndpoint("http", host: "localhost"))
    .WithEnvironment("Signaling__AllowedOrigins__1", gateway.GetEndpoint("http", host: "127.0.0.1"));

builder.Build().Run();

/// <summary>The AppHost's entry point, public so that tests can build its model.</summary>
public partial class Program;
