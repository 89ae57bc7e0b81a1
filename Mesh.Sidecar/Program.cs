Mesh.Sidecar.Primitives.InlineSockets.PreferInline();
Mesh.Sidecar.Primitives.NativeMemory.LimitMallocArenas();
await Mesh.Sidecar.SidecarApp.Build(args).RunAsync();
