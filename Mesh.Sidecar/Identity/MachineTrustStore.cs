using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Mesh.Model.Conventions;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// What the sidecar does with the machine's trust store. On Linux, .NET reads every root and intermediate of the machine
/// (about 300 files under /etc/ssl/certs on Debian, about 60 ms on this 2-core machine) the first time a process builds
/// an X.509 chain, even a chain that trusts the mesh roots alone. A sidecar with an identity builds its first chain when
/// the control plane's certificate answer arrives, so that read sat between the answer and readiness, and a sidecar's
/// first mutual TLS handshake paid for it too; yet the mesh's own trust never uses the machine's roots
/// (<see cref="PeerCertificateValidator"/>). They matter only to what the sidecar reaches over https: its app, its control
/// plane, the OTLP collector it exports to. So, decided once, first in <c>Main</c>:
/// <list type="bullet">
/// <item>nothing the environment names is https (as Mesh.Hosting starts every sidecar): the store is left out, by pointing
/// OpenSSL's <c>SSL_CERT_FILE</c> and <c>SSL_CERT_DIR</c> at nothing for this process (whatever they named: only https
/// connections read them, and this sidecar makes none), and no chain reads it;</item>
/// <item>something is https, or unknown (given on the command line): the store is loaded on a thread of its own beside the
/// start, so the first chain finds it cached.</item>
/// </list>
/// A sidecar without a token builds no mesh chains, and is left as .NET has it.
/// </summary>
internal static class MachineTrustStore
{
    /// <summary>OpenSSL's variables naming the machine's trust store (a bundle file, and a directory of certificates).</summary>
    internal const string FileVariable = "SSL_CERT_FILE";
    internal const string DirectoryVariable = "SSL_CERT_DIR";

    // OpenTelemetry's exporter endpoints: the OTLP exporter checks an https collector's certificate against the machine's roots.
    private static readonly string[] s_otlpEndpoints =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>What this process decided, for the log (null until <see cref="Prepare"/> ran).</summary>
    public static string? Decision { get; private set; }

    /// <summary>Decides and acts on it; call first in <c>Main</c>, before any other thread reads the environment.</summary>
    public static void Prepare() => Decision = Apply(Decide(Environment.GetEnvironmentVariable));

    /// <summary>What the sidecar should do, from its environment.</summary>
    internal static MachineTrustUse Decide(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (string.IsNullOrEmpty(environment(MeshSettings.Sidecar.Token)))
        {
            return new(MachineTrustUse.Action.Untouched, "no bootstrap token, so no mesh certificate and no mesh chains");
        }

        // An ingress gateway has no app of its own.
        var gateway = string.Equals(environment(MeshSettings.Sidecar.Mode), nameof(ProxyMode.Gateway), StringComparison.OrdinalIgnoreCase);
        foreach (var required in gateway ? [MeshSettings.Sidecar.ControlPlane] : new[] { MeshSettings.Sidecar.App, MeshSettings.Sidecar.ControlPlane })
        {
            if (!IsPlainHttp(environment(required)))
            {
                return new(MachineTrustUse.Action.Load, $"{required} is not an http:// address in the environment");
            }
        }

        foreach (var endpoint in s_otlpEndpoints)
        {
            if (environment(endpoint) is { Length: > 0 } value && !IsPlainHttp(value))
            {
                return new(MachineTrustUse.Action.Load, $"{endpoint} is not an http:// address");
            }
        }

        return new(MachineTrustUse.Action.LeaveOut, "its app, control plane and telemetry are all plain http, and mesh peers are checked against the mesh roots alone");
    }

    private static bool IsPlainHttp(string? value) => value is not null && value.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static string Apply(MachineTrustUse use)
    {
        switch (use.What)
        {
            case MachineTrustUse.Action.LeaveOut:
                // /dev/null is neither a bundle nor a directory: .NET finds no machine roots to read.
                if (NativeEnvironment.TrySet(FileVariable, "/dev/null") && NativeEnvironment.TrySet(DirectoryVariable, "/dev/null"))
                {
                    return $"left out: {use.Reason}";
                }

                StartLoading();
                return "loaded beside the start: the C library's environment could not be set";
            case MachineTrustUse.Action.Load:
                StartLoading();
                return $"loaded beside the start: {use.Reason}";
            default:
                return $"read when first needed: {use.Reason}";
        }
    }

    private static void StartLoading()
    {
        // A thread of its own, not the thread pool: the start's own work items must not queue behind a 60 ms load.
        var thread = new Thread(Load) { IsBackground = true, Name = "Trust store load" };
        thread.Start();
    }

    private static void Load()
    {
        try
        {
            // Opening the store is not enough: reading its certificates is what fills the cache chain building reads.
            using var store = new X509Store(StoreName.Root, StoreLocation.LocalMachine);
            store.Open(OpenFlags.ReadOnly);
            foreach (var certificate in store.Certificates)
            {
                certificate.Dispose();
            }
        }
        catch (CryptographicException)
        {
            // Nothing is lost: the first chain loads the store itself and reports what is wrong with it.
        }
    }
}

/// <summary>What <see cref="MachineTrustStore"/> decided, and why.</summary>
internal readonly record struct MachineTrustUse(MachineTrustUse.Action What, string Reason)
{
    internal enum Action
    {
        /// <summary>As .NET has it: read when a chain is first built.</summary>
        Untouched,

        /// <summary>Loaded beside the start.</summary>
        Load,

        /// <summary>Not read at all.</summary>
        LeaveOut,
    }
}
