// Istio's Bookinfo on the mesh. Read it top to bottom like Istio's bookinfo.yaml: the control plane, then
// each service with its sidecar and the services it calls. Run with --Mesh:Enabled=false to start the same
// apps calling each other directly (the apps cannot tell the difference).
var builder = DistributedApplication.CreateBuilder(args);

var mesh = builder.AddMesh("mesh");

var details = builder.AddProject<Projects.Bookinfo_Details>("details")
    .WithSidecar(mesh, serviceAccount: "bookinfo-details");

var ratings = builder.AddProject<Projects.Bookinfo_Ratings>("ratings")
    .WithSidecar(mesh, serviceAccount: "bookinfo-ratings");

var reviews = mesh.AddService("reviews");

builder.AddProject<Projects.Bookinfo_Reviews>("reviews-v1")
    .WithSidecar(mesh, reviews, version: "v1", serviceAccount: "bookinfo-reviews")
    .WithEnvironment("SERVICE_VERSION", "v1");

builder.AddProject<Projects.Bookinfo_Reviews>("reviews-v2")
    .WithSidecar(mesh, reviews, version: "v2", serviceAccount: "bookinfo-reviews")
    .WithEnvironment("SERVICE_VERSION", "v2")
    .WithReference(ratings);

builder.AddProject<Projects.Bookinfo_Reviews>("reviews-v3")
    .WithSidecar(mesh, reviews, version: "v3", serviceAccount: "bookinfo-reviews")
    .WithEnvironment("SERVICE_VERSION", "v3")
    .WithReference(ratings);

builder.AddProject<Projects.Bookinfo_ProductPage>("productpage")
    .WithSidecar(mesh, serviceAccount: "bookinfo-productpage")
    .WithExternalHttpEndpoints()
    .WithReference(details)
    .WithReference(reviews)
    .WithReference(ratings);

builder.Build().Run();
