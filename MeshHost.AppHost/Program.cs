// Istio's Bookinfo on the mesh. Read it top to bottom like Istio's bookinfo.yaml: the control plane, then
// each service with its sidecar and the services it calls. Run with --Mesh:Enabled=false to start the same
// apps calling each other directly (the apps cannot tell the difference).
var builder = DistributedApplication.CreateBuilder(args);

// Istio YAML in MeshHost.AppHost/mesh/ (or the folder given with --Mesh:ConfigDirectory), watched: saving applies it.
var mesh = builder.AddMesh("mesh")
    .WithConfigDirectory(builder.Configuration["Mesh:ConfigDirectory"] ?? "mesh");

var details = builder.AddProject<Projects.Bookinfo_Details>("details")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh, serviceAccount: "bookinfo-details");

var ratings = builder.AddProject<Projects.Bookinfo_Ratings>("ratings")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh, serviceAccount: "bookinfo-ratings");

var reviews = mesh.AddService("reviews");

foreach (var version in new[] { "v1", "v2", "v3" })
{
    // One project, three workloads: each needs its own port, so the launch profile's fixed port is not used.
    var workload = builder.AddProject<Projects.Bookinfo_Reviews>($"reviews-{version}", launchProfileName: null)
        .WithHttpEndpoint(name: "http")
        .WithHttpHealthCheck("/health")
        .WithSidecar(mesh, reviews, version: version, serviceAccount: "bookinfo-reviews")
        .WithEnvironment("SERVICE_VERSION", version);
    if (version != "v1")
    {
        workload.WithReference(ratings); // v1 shows no stars and never calls ratings
    }
}

// Istio's ingress gateway: mesh/bookinfo-gateway.yaml (Istio's own) routes /productpage and friends to productpage.
// The dashboard's link opens Bookinfo the way a user reaches it, through the gateway.
var gateway = mesh.AddGateway("gateway");
gateway.WithUrl($"{gateway.GetEndpoint("http")}/productpage", "Bookinfo (through the gateway)");

builder.AddProject<Projects.Bookinfo_ProductPage>("productpage")
    .WithHttpHealthCheck("/health")
    .WithSidecar(mesh, serviceAccount: "bookinfo-productpage")
    .WithExternalHttpEndpoints()
    .WithReference(details)
    .WithReference(reviews)
    .WithReference(ratings);

builder.Build().Run();
