namespace Mesh.ControlPlane.Configuration;

/// <summary>Told of every configuration that comes into force (the push layer compiles it into snapshots).</summary>
internal interface IConfigObserver
{
    /// <summary>
    /// Called under the store's lock, so in version order and never twice at once; the configuration is in
    /// force before the call. Must be quick and must not call back into the store.
    /// </summary>
    void OnConfigChanged(ConfigState config);
}
