await Mesh.Sidecar.SidecarApp.Build(args).RunAsync();
