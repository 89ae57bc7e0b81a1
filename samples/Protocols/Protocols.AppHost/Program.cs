// Every protocol a .NET app speaks, through the mesh: greeter is a gRPC-only service (HTTP/2 without TLS, no HTTP/1.1),
// streams serves a WebSocket, server-sent events, a chunked response and a streamed upload, and frontend calls both by
// name (http://greeter, http://streams). Each has a sidecar, so every call crosses two sidecars with mutual TLS between
// them. Run with --Mesh:Enabled=false to start the same apps calling each other directly.
var builder = DistributedApplication.CreateBuilder(args);

var mesh = builder.AddMesh("mesh");

// AsHttp2Service: the endpoint speaks HTTP/2 (gRPC), which the mesh carries to the app as HTTP/2 too. No Aspire health
// check: Aspire's HTTP check speaks HTTP/1.1, which this service does not serve.
var greeter = builder.AddProject<Projects.Protocols_Greeter>("greeter")
    .AsHttp2Service()
    .WithSidecar(mesh);

var streams = builder.AddProject<Projects.Protocols_Streams>("streams")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh);

builder.AddProject<Projects.Protocols_Frontend>("frontend")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh)
    .WithExternalHttpEndpoints()
    .WithReference(greeter)
    .WithReference(streams);

builder.Build().Run();
