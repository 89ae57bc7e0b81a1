Mesh.Sidecar.Primitives.InlineSockets.PreferInline();
Mesh.Sidecar.Primitives.NativeMemory.LimitMallocArenas();
// First, so it runs beside the whole start: a sidecar the AppHost gave a token gets a certificate and builds X.509 chains,
// whose first build reads the machine's trust store (Identity/TrustStoreWarmup).
if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Mesh.Model.Conventions.MeshSettings.Sidecar.Token)))
{
    Mesh.Sidecar.Identity.TrustStoreWarmup.Start();
}

await Mesh.Sidecar.SidecarApp.Build(args).RunAsync();
