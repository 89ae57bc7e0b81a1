using System.Globalization;

namespace Mesh.Model.Conventions;

/// <summary>
/// The names of the start-up settings the mesh's programs read, as the environment variables Mesh.Hosting writes
/// for every run (and the benchmark writes the same way). .NET configuration reads <c>__</c> in a variable's name
/// as the section separator <c>:</c>, so <c>Mesh__Listeners__Inbound</c> is the key <c>Mesh:Listeners:Inbound</c>.
/// </summary>
public static class MeshSettings
{
    /// <summary>What every variable of the mesh's own starts with.</summary>
    public const string Prefix = "Mesh__";

    /// <summary>The sidecar's settings: configuration section <see cref="Section"/>, bound to its options by name.</summary>
    public static class Sidecar
    {
        /// <summary>The sidecar's configuration section.</summary>
        public const string Section = "Mesh";

        /// <summary>Base URL of the control plane.</summary>
        public const string ControlPlane = Prefix + "ControlPlane";

        /// <summary>The workload's name (its Aspire resource name).</summary>
        public const string Workload = Prefix + "Workload";

        /// <summary>The service the workload serves.</summary>
        public const string Service = Prefix + "Service";

        /// <summary>The workload's version label.</summary>
        public const string Version = Prefix + "Version";

        /// <summary>The workload's service account.</summary>
        public const string ServiceAccount = Prefix + "ServiceAccount";

        /// <summary>The workload's namespace.</summary>
        public const string Namespace = Prefix + "Namespace";

        /// <summary>The workload's bootstrap token, which the control plane's CA asks for before it signs.</summary>
        public const string Token = Prefix + "Token";

        /// <summary>
        /// The SHA-256 fingerprint (hexadecimal) of the mesh's root certificate, given at start: the sidecar takes a
        /// certificate from the control plane only if it chains to this root (or to one a snapshot's trust bundle carries).
        /// </summary>
        public const string RootPin = Prefix + "RootPin";

        /// <summary>Base URL of the local app.</summary>
        public const string App = Prefix + "App";

        /// <summary>
        /// The protocol the local app speaks on its private address: <c>http</c> (HTTP/1.1, the default) or <c>http2</c>
        /// (clear-text HTTP/2 with prior knowledge: an endpoint Aspire marks <c>AsHttp2Service()</c>, e.g. a gRPC service).
        /// </summary>
        public const string AppProtocol = Prefix + "AppProtocol";

        /// <summary><c>Sidecar</c> (the default) or <c>Gateway</c>.</summary>
        public const string Mode = Prefix + "Mode";

        /// <summary><c>true</c> to honour the fault headers a request carries.</summary>
        public const string FaultHeaders = Prefix + "FaultHeaders";

        /// <summary><c>true</c> to write an access log line per request, in Envoy's default format.</summary>
        public const string AccessLog = Prefix + "AccessLog";

        /// <summary>Port of the inbound listener.</summary>
        public const string InboundPort = Prefix + "Listeners__Inbound";

        /// <summary>Port of the admin listener.</summary>
        public const string AdminPort = Prefix + "Listeners__Admin";

        /// <summary>The app's published port, held by the sidecar in the app's place (inbound capture).</summary>
        public const string CapturedPort = Prefix + "Listeners__Captured";

        /// <summary>A workload label, e.g. <c>Mesh__Labels__istio</c>.</summary>
        public static string Label(string name) => Prefix + "Labels__" + name;

        /// <summary>The name of outbound listener <paramref name="index"/>, as the app knows the upstream.</summary>
        public static string OutboundName(int index) => Outbound(index, "Name");

        /// <summary>The upstream service of outbound listener <paramref name="index"/>.</summary>
        public static string OutboundService(int index) => Outbound(index, "Service");

        /// <summary>The workload outbound listener <paramref name="index"/> is pinned to.</summary>
        public static string OutboundWorkload(int index) => Outbound(index, "Workload");

        /// <summary>The loopback port of outbound listener <paramref name="index"/>.</summary>
        public static string OutboundPort(int index) => Outbound(index, "Port");

        private static string Outbound(int index, string field) =>
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}Outbound__{index}__{field}");
    }

    /// <summary>The control plane's settings: configuration section <see cref="Section"/>.</summary>
    public static class ControlPlane
    {
        /// <summary>The control plane's configuration section.</summary>
        public const string Section = "Mesh:ControlPlane";

        /// <summary>Folder that keeps run-time changes and the CA's root across restarts.</summary>
        public const string StateDirectory = Prefix + "ControlPlane__StateDirectory";

        /// <summary>Folder of configuration files, read at start-up and watched.</summary>
        public const string ConfigDirectory = Prefix + "ControlPlane__ConfigDirectory";

        /// <summary>Lifetime of workload certificates, as a .NET <see cref="TimeSpan"/> (<c>c</c> format).</summary>
        public const string CertificateLifetime = Prefix + "ControlPlane__CertificateLifetime";

        /// <summary>The per-run admin credential: requests that change the mesh present it as a bearer token.</summary>
        public const string AdminToken = Prefix + "ControlPlane__AdminToken";

        /// <summary>Configuration document <paramref name="index"/> given in the AppHost's C#.</summary>
        public static string Inline(int index) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}ControlPlane__Inline__{index}");

        /// <summary>The name of declared workload <paramref name="index"/>.</summary>
        public static string WorkloadName(int index) => Workload(index, "Name");

        /// <summary>The service of declared workload <paramref name="index"/>.</summary>
        public static string WorkloadService(int index) => Workload(index, "Service");

        /// <summary>The version of declared workload <paramref name="index"/>.</summary>
        public static string WorkloadVersion(int index) => Workload(index, "Version");

        /// <summary>The service account of declared workload <paramref name="index"/>.</summary>
        public static string WorkloadServiceAccount(int index) => Workload(index, "ServiceAccount");

        /// <summary>The namespace of declared workload <paramref name="index"/>.</summary>
        public static string WorkloadNamespace(int index) => Workload(index, "Namespace");

        /// <summary>The bootstrap token of declared workload <paramref name="index"/> (its sidecar has the same).</summary>
        public static string WorkloadToken(int index) => Workload(index, "Token");

        private static string Workload(int index, string field) =>
            string.Create(CultureInfo.InvariantCulture, $"{Prefix}ControlPlane__Workloads__{index}__{field}");
    }
}
