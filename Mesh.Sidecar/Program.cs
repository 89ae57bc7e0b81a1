using Mesh.Sidecar;


await SidecarApp.Build(args).RunAsync();
