using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Internal.Restarts;

internal sealed partial class RestartWatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Resource} exited on its own with exit code {ExitCode}; the mesh starts it again in {DelaySeconds} s (restart {Restart})")]
        public static partial void Exited(ILogger logger, string resource, string exitCode, int restart, double delaySeconds);

        [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Resource} started again (restart {Restart})")]
        public static partial void Restarted(ILogger logger, string resource, int restart);

        [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Resource} could not be started again: {Reason}; next try in {DelaySeconds} s")]
        public static partial void StartRefused(ILogger logger, string resource, string reason, double delaySeconds);
    }
}
