using System.Globalization;
using Mesh.Sidecar.ControlPlane;

namespace Mesh.Sidecar.Admin;

/// <summary>
/// Decides <c>/readyz</c>: ready once a snapshot is applied, like Envoy after its first config (a sidecar with a
/// bootstrap token joins the control plane only once it holds its certificate, so that comes first). Losing the
/// control plane later does not make the sidecar unready: it keeps serving its last snapshot and says so.
/// </summary>
internal static class Readiness
{
    public static ReadinessReport Evaluate(AppliedSnapshot? snapshot, ControlPlaneStatus controlPlane, bool appServing, string controlPlaneUrl,
        bool certificatePending = false)
    {
        var reason = (snapshot, controlPlane.Connected) switch
        {
            (null, _) when certificatePending => $"waiting for the workload certificate from control plane {controlPlaneUrl}",
            (not null, true) => $"serving snapshot {snapshot.Version}",
            (not null, false) => $"serving last snapshot, control plane unreachable since {Format(controlPlane.UnreachableSince)}{Because(controlPlane)}",
            (null, true) => $"connected to control plane {controlPlaneUrl}, waiting for the first snapshot",
            (null, false) => $"no snapshot yet: control plane {controlPlaneUrl} unreachable since {Format(controlPlane.UnreachableSince)}{Because(controlPlane)}",
        };

        return new ReadinessReport(snapshot is not null, snapshot?.Version, controlPlane.Connected, controlPlane.LastContact, appServing, reason);
    }

    private static string Because(ControlPlaneStatus status) => status.LastError is null ? string.Empty : $" ({status.LastError})";

    private static string Format(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? "startup";
}
