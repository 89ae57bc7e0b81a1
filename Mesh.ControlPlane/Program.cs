using Mesh.ControlPlane;

var app = ControlPlaneApp.Build(args);
await app.RunAsync();
