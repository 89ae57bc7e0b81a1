// Mesh.Model's public contract, read throughout the sidecar: the snapshot the control plane pushes, and what the
// sidecar shares with the control plane and Mesh.Hosting (service hosts, label selection, SPIFFE identities, Istio
// durations, the names of its settings). The sidecar sees nothing of Mesh.Model's compiler.
global using Mesh.Model.Conventions;
global using Mesh.Model.Snapshots;
