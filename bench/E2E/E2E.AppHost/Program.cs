// Two plain services, as a new user writes them: front's "/" calls back through service discovery (http://back)
// and returns back's 1 KB answer. Each gets a sidecar; with --Mesh:Enabled=false the same apps call each other directly.
// --E2E:FrontPort=N puts front's http endpoint on port N (the benchmark chooses it, so it knows where to send).
using System.Globalization;

var builder = DistributedApplication.CreateBuilder(args);

var mesh = builder.AddMesh("mesh");

var back = builder.AddProject<Projects.E2E_Back>("back")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh);

var front = builder.AddProject<Projects.E2E_Front>("front")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh)
    .WithReference(back)
    .WaitFor(back);

if (builder.Configuration["E2E:FrontPort"] is { Length: > 0 } port)
{
    var number = int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 65535
        ? n
        : throw new DistributedApplicationException($"Configuration key 'E2E:FrontPort' has the value '{port}'; expected a port number from 1 to 65535.");
    front.WithEndpoint("http", endpoint => endpoint.Port = number);
}

builder.Build().Run();
