using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// Loads the machine's trust store on a thread of its own while the sidecar starts. On Linux, .NET reads every root and
/// intermediate of the machine (about 300 files under /etc/ssl/certs on Debian) the first time the process builds an X.509
/// chain, even a chain that trusts the mesh root alone, and keeps them cached. A sidecar with an identity builds its first
/// chain when the control plane's certificate answer arrives (checking what the CA issued, then the TLS context), so that
/// load sat between the control plane's answer and readiness: about 60 ms of the 94 ms median bench/ measured. Loaded beside
/// the start instead, the first chain finds the store cached, and so does the first mutual TLS handshake. The machine's
/// roots still play no part in trusting peers (PeerCertificateValidator trusts the mesh roots only).
/// </summary>
internal static class TrustStoreWarmup
{
    /// <summary>Starts loading the store in the background; returns at once. Program.cs calls it first, for a sidecar with a token.</summary>
    public static void Start()
    {
        // A thread of its own, not the thread pool: the start's own work items must not queue behind a 60 ms load.
        var thread = new Thread(Load) { IsBackground = true, Name = "Trust store warm-up" };
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
