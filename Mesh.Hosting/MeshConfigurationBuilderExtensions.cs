using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting;

/// <summary>
/// Gives the mesh its configuration: Istio <c>VirtualService</c>, <c>DestinationRule</c>, <c>Gateway</c>,
/// <c>AuthorizationPolicy</c>, <c>PeerAuthentication</c>, Gateway API <c>HTTPRoute</c> and the mesh's own
/// kinds. Sources merge in this order: C# (<see cref="WithConfiguration"/>), then the config folder
/// (<see cref="WithConfigDirectory"/>), then changes made at run time through the admin API; a later source
/// replaces a resource of the same kind, namespace and name.
/// </summary>
public static class MeshConfigurationBuilderExtensions
{
    /// <summary>
    /// Reads every <c>*.yaml</c>, <c>*.yml</c> and <c>*.json</c> file in a folder as mesh configuration, and
    /// watches it: saving a file applies it (invalid files are refused with their file, document, field and
    /// reason, and the last good configuration stays in force).
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="path">The folder, absolute or relative to the AppHost's directory.</param>
    /// <returns>The mesh's builder.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IResourceBuilder<MeshResource> WithConfigDirectory(this IResourceBuilder<MeshResource> mesh, string path)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        var full = Path.GetFullPath(Path.Combine(mesh.ApplicationBuilder.AppHostDirectory, path));
        if (!Directory.Exists(full))
        {
            throw new DirectoryNotFoundException($"Mesh config directory '{path}' does not exist (looked for '{full}').");
        }

        mesh.Resource.ConfigDirectory = full;
        return mesh;
    }

    /// <summary>
    /// Lets a request ask its caller's sidecar for a fault: <c>x-mesh-fault-delay: 2s</c> (or <c>500ms</c>) delays it,
    /// <c>x-mesh-fault-abort: 503</c> answers it with that status and flag <c>FI</c>, as Istio's <c>fault</c> would.
    /// Handy in tests of an app's resilience; off unless called, since any caller could use it.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <returns>The mesh's builder.</returns>
    public static IResourceBuilder<MeshResource> WithFaultHeaders(this IResourceBuilder<MeshResource> mesh)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        mesh.Resource.FaultHeadersAllowed = true;
        return mesh;
    }

    /// <summary>
    /// Sets how long the workload certificates the control plane signs are valid. Sidecars renew theirs at half-life,
    /// as Istio's agent does. The default is 24 hours, Istio's; go down to 1 minute for tests that watch rotation.
    /// The same can be set without code through configuration key
    /// <see cref="MeshBuilderExtensions.CertificateLifetimeConfigurationKey"/> (e.g. <c>--Mesh:CertificateLifetime=00:01:00</c>);
    /// when both are given, this call wins.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="lifetime">The lifetime, from 1 minute to 365 days.</param>
    /// <returns>The mesh's builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is under 1 minute or over 365 days.</exception>
    public static IResourceBuilder<MeshResource> WithCertificateLifetime(this IResourceBuilder<MeshResource> mesh, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        if (!MeshResource.IsValidCertificateLifetime(lifetime))
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, string.Format(
                CultureInfo.InvariantCulture,
                "The certificate lifetime must be from {0:c} to {1:c}; it is {2:c}.",
                MeshResource.MinimumCertificateLifetime,
                MeshResource.MaximumCertificateLifetime,
                lifetime));
        }

        mesh.Resource.CertificateLifetime = lifetime;
        return mesh;
    }

    /// <summary>
    /// Switches whether the mesh starts its processes again when they die on their own (killed, crashed), as Kubernetes
    /// restarts a dead container: the control plane, every sidecar, the gateway and every meshed app. On by default.
    /// The first restart comes 1 second after the exit; while a process keeps dying the wait doubles up to a minute,
    /// and a run of a minute or more starts the doubling again. A Stop from the dashboard (or
    /// <c>ResourceCommandService</c>) is obeyed, and nothing is restarted while the AppHost shuts down. The same can be
    /// set without code through configuration key <see cref="MeshBuilderExtensions.RestartsConfigurationKey"/>
    /// (e.g. <c>--Mesh:Restarts=false</c>); when both are given, this call wins.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="enabled"><see langword="false"/> leaves a dead process dead, as Aspire does by default.</param>
    /// <returns>The mesh's builder.</returns>
    public static IResourceBuilder<MeshResource> WithRestarts(this IResourceBuilder<MeshResource> mesh, bool enabled = true)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        mesh.Resource.RestartsDeadProcesses = enabled;
        return mesh;
    }

    /// <summary>
    /// Adds mesh resources written in C#: one or more Kubernetes-style YAML (or JSON) documents, e.g. an
    /// Istio <c>VirtualService</c>. They are validated when the control plane starts.
    /// </summary>
    /// <param name="mesh">The mesh.</param>
    /// <param name="yaml">The documents, separated by <c>---</c> lines.</param>
    /// <returns>The mesh's builder.</returns>
    public static IResourceBuilder<MeshResource> WithConfiguration(this IResourceBuilder<MeshResource> mesh, string yaml)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentException.ThrowIfNullOrWhiteSpace(yaml);

        mesh.Resource.AddInlineConfiguration(yaml);
        return mesh;
    }
}
