namespace Mesh.ControlPlane.Registry;

/// <summary>Told of every registry change that can alter what sidecars see (join, leave, serving flip).</summary>
internal interface IRegistryObserver
{
    /// <summary>
    /// Called after the change, outside the registry's lock, possibly from several threads at once and
    /// possibly out of order: an observer keeps the view with the highest <see cref="RegistryView.Generation"/>.
    /// Must be quick and must not block.
    /// </summary>
    void OnRegistryChanged(RegistryView view);
}
