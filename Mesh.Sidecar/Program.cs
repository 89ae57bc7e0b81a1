// First, before other threads read the environment, and so that a store to load loads beside the whole start
// (Identity/MachineTrustStore).
Mesh.Sidecar.Identity.MachineTrustStore.Prepare();
Mesh.Sidecar.Primitives.InlineSockets.PreferInline();
Mesh.Sidecar.Primitives.NativeMemory.LimitMallocArenas();
await Mesh.Sidecar.SidecarApp.BuildProgram(args).RunAsync();
