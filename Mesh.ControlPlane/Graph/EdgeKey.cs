using Mesh.Model.Protocol;

namespace Mesh.ControlPlane.Graph;

/// <summary>One edge as its reporter counts it; the reporter is part of the key, so the two sides never add up.</summary>
internal readonly record struct EdgeKey(string Reporter, string Source, string Service, string DestinationWorkload)
{
    public static EdgeKey Of(EdgeReport edge) => new(edge.Reporter, edge.Source, edge.DestinationService, edge.DestinationWorkload);
}
