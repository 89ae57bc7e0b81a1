using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>The admin API's credential, bound from <c>Mesh:ControlPlane</c>.</summary>
internal sealed class AdminOptions
{
    /// <summary>The section the options bind from, shared by every control-plane setting.</summary>
    public const string SectionName = RegistryOptions.SectionName;

    /// <summary>
    /// The per-run credential Mesh.Hosting makes (<c>Mesh__ControlPlane__AdminToken</c>); every admin request that
    /// changes the mesh presents it as <c>Authorization: Bearer</c>. None: nothing can change the mesh at run time.
    /// </summary>
    public string? AdminToken { get; set; }
}
