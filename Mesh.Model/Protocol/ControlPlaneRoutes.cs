namespace Mesh.Model.Protocol;

/// <summary>The control plane's HTTP routes, shared by the server, the sidecar and the hosting library.</summary>
public static class ControlPlaneRoutes
{
    /// <summary>Opens a sidecar's push stream; body: a registration. Route parameter: workload.</summary>
    public const string Stream = "/v1/sidecars/{workload}/stream";

    /// <summary>A sidecar's periodic report; body: <see cref="SidecarReport"/>. 404 means "not registered: reconnect".</summary>
    public const string Report = "/v1/sidecars/{workload}/report";

    /// <summary>The registry as JSON.</summary>
    public const string Registry = "/v1/registry";

    /// <summary>Every connected sidecar, serving or not.</summary>
    public const string Sidecars = "/v1/sidecars";

    /// <summary>
    /// <c>POST</c>: signs a workload certificate; body: <see cref="CertificateSigningRequest"/>, with the
    /// workload's bootstrap token in <c>Authorization: Bearer</c>. Answers <see cref="CertificateSigningResponse"/>.
    /// </summary>
    public const string Certificates = "/v1/certificates";

    /// <summary><c>GET</c>: the mesh's root certificate in PEM (public), for trust bundles.</summary>
    public const string CertificateRoot = "/v1/certificates/root";

    /// <summary>Media type of <see cref="CertificateRoot"/>'s answer.</summary>
    public const string PemMediaType = "application/x-pem-file";

    /// <summary>Media type of the push stream: one JSON <see cref="StreamMessage"/> per line.</summary>
    public const string StreamMediaType = "application/x-ndjson";

    /// <summary>How often a sidecar reports (its lease renewal); the control plane's lease must be longer.</summary>
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the control plane pings each stream; a sidecar that hears nothing for three intervals
    /// treats the stream as dead and reconnects.
    /// </summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(2);

    /// <summary>Liveness and readiness of the control plane.</summary>
    public const string Health = "/healthz";

    /// <summary>Builds the stream path for one workload.</summary>
    public static string StreamFor(string workload) => $"/v1/sidecars/{Uri.EscapeDataString(workload)}/stream";

    /// <summary>Builds the report path for one workload.</summary>
    public static string ReportFor(string workload) => $"/v1/sidecars/{Uri.EscapeDataString(workload)}/report";
}
