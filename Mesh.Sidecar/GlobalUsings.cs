// What the sidecar shares with the control plane and Mesh.Hosting: service hosts, label selection, SPIFFE identities,
// Istio durations and the names of its settings.
global using Mesh.Model.Conventions;
