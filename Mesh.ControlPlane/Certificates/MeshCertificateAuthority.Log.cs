namespace Mesh.ControlPlane.Certificates;

internal sealed partial class MeshCertificateAuthority
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information,
            Message = "Certificate authority: made a new root (SHA-256 {Fingerprint}) and kept it in {Directory}")]
        public static partial void Created(ILogger logger, string fingerprint, string directory);

        [LoggerMessage(EventId = 401, Level = LogLevel.Information,
            Message = "Certificate authority: loaded the root (SHA-256 {Fingerprint}) from {Directory}; it is valid until {NotAfter}")]
        public static partial void Loaded(ILogger logger, string fingerprint, string directory, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 402, Level = LogLevel.Information,
            Message = "Certificate authority: no state folder, so the root (SHA-256 {Fingerprint}) lives in memory and a restart makes a new one")]
        public static partial void InMemory(ILogger logger, string fingerprint);

        [LoggerMessage(EventId = 403, Level = LogLevel.Information,
            Message = "Issued certificate {SerialNumber} for {SpiffeId} (workload {Workload}), valid until {NotAfter}")]
        public static partial void Issued(ILogger logger, string serialNumber, string spiffeId, string workload, DateTimeOffset notAfter);
    }
}
