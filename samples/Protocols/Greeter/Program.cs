using Protocols.Greeter.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddGrpc();
// grpc.health.v1.Health reports the app's health checks: a gRPC-only service has no HTTP/1.1 /health to probe.
builder.Services.AddGrpcHealthChecks();
builder.Services.AddSingleton<FailureCounts>();

var app = builder.Build();
app.MapGrpcService<GreeterService>();
app.MapGrpcHealthChecksService();
app.MapDefaultEndpoints();
app.Run();
