namespace Mesh.ControlPlane.Registry;

internal sealed partial class WorkloadRegistry
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information,
            Message = "Workload {Workload} joined the mesh: service {Service}, version {Version}, inbound {InboundAddress} (not serving until its sidecar reports the app answering)")]
        public static partial void Joined(ILogger logger, string workload, string service, string version, string inboundAddress);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information,
            Message = "Workload {Workload} reconnected: service {Service}, version {Version}, inbound {InboundAddress}; its previous stream is closed")]
        public static partial void Reconnected(ILogger logger, string workload, string service, string version, string inboundAddress);

        public static void Left(ILogger logger, string workload, LeaveReason reason)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var description = reason.Describe();
                Left(logger, workload, description);
            }
        }

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "Workload {Workload} left the mesh ({Reason})")]
        private static partial void Left(ILogger logger, string workload, string reason);

        [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Workload {Workload} is serving: callers are sent to it")]
        public static partial void StartedServing(ILogger logger, string workload);

        [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Workload {Workload} stopped serving (its app does not answer): callers are no longer sent to it")]
        public static partial void StoppedServing(ILogger logger, string workload);

        [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Sidecar of {Workload} rejected snapshot {Version}: {Reason}")]
        public static partial void Rejected(ILogger logger, string workload, string version, string reason);
    }
}
